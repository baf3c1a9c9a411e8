namespace LiveTranscription.Grains.Audio;

/// <summary>Size limits of one <c>SendAudio</c> chunk (section <c>Sessions:Audio</c>).</summary>
public sealed class AudioLimits
{
    /// <summary>Largest chunk in bytes (protocol: 32 KiB).</summary>
    public int MaxChunkBytes { get; set; } = 32 * 1024;

    /// <summary>Shortest chunk (protocol: 20 ms).</summary>
    public TimeSpan MinChunkDuration { get; set; } = TimeSpan.FromMilliseconds(20);

    /// <summary>Longest chunk (protocol: 1 s).</summary>
    public TimeSpan MaxChunkDuration { get; set; } = TimeSpan.FromSeconds(1);
}
