namespace LiveTranscription.Grains.Archive;

/// <summary>Container of archived audio.</summary>
public enum ArchiveFormat
{
    /// <summary>RIFF/WAVE, 16-bit mono PCM: lossless, ~1.9 MB per minute at 16 kHz.</summary>
    Wav,

    /// <summary>Ogg Opus (RFC 7845): ~0.2 MB per minute at 24 kbps.</summary>
    OggOpus,
}
