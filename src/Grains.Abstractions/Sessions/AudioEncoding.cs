namespace LiveTranscription.Grains.Abstractions.Sessions;

/// <summary>Audio encodings the protocol accepts.</summary>
public static class AudioEncodings
{
    /// <summary>16-bit signed little-endian mono PCM.</summary>
    public const string Pcm16 = "pcm16";
}
