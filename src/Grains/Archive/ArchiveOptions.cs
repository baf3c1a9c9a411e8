namespace LiveTranscription.Grains.Archive;

/// <summary>How session audio is archived (section <c>Archive</c>).</summary>
public sealed class ArchiveOptions
{
    public const string SectionName = "Archive";

    /// <summary>
    /// Container for sessions that send pcm16: <c>Wav</c> (default, lossless: the archive equals the audio
    /// sent) or <c>OggOpus</c> (encoded on the server, ~10× smaller). Opus input is always archived as Ogg
    /// Opus from the received packets, without re-encoding.
    /// </summary>
    public ArchiveFormat PcmFormat { get; set; } = ArchiveFormat.Wav;

    /// <summary>Bitrate when the server encodes pcm16 to Opus (bits/s, 6000–510000).</summary>
    public int OpusBitrate { get; set; } = 24000;

    /// <summary>libopus complexity when the server encodes (0–10: higher is better quality for more CPU).</summary>
    public int OpusComplexity { get; set; } = 5;

    /// <summary>Audio per Ogg page. Longer pages lower the container overhead; the last page is rewritten in place as it fills.</summary>
    public TimeSpan PageDuration { get; set; } = TimeSpan.FromSeconds(1);
}
