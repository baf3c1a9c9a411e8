namespace LiveTranscription.Grains.Abstractions.Sessions;

/// <summary>Audio encodings the protocol accepts.</summary>
public static class AudioEncodings
{
    /// <summary>16-bit signed little-endian mono PCM.</summary>
    public const string Pcm16 = "pcm16";

    /// <summary>Opus packets of 20 ms, each preceded by its 16-bit big-endian length; 16 or 48 kHz.</summary>
    public const string Opus = "opus";

    /// <summary>Whether <paramref name="encoding"/> (lower case) is one the protocol accepts.</summary>
    public static bool IsKnown(string encoding) => encoding is Pcm16 or Opus;

    /// <summary>Null when <paramref name="encoding"/> can carry audio at <paramref name="sampleRate"/>, else why not.</summary>
    public static string? CheckRate(string encoding, int sampleRate) => encoding switch
    {
        Pcm16 => null,
        Opus when sampleRate is 16000 or 48000 => null,
        Opus => $"Opus sessions run at 16 kHz (quality medium) or 48 kHz (quality high), not {sampleRate} Hz.",
        _ => $"Unsupported encoding '{encoding}'; use pcm16 (16-bit signed little-endian mono) or opus (20 ms packets, 16-bit big-endian length before each).",
    };
}
