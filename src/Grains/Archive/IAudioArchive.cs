namespace LiveTranscription.Grains.Archive;

/// <summary>Where session audio is archived. Embedded: WAV or Ogg Opus files; cluster: S3 (multipart, spooled).</summary>
public interface IAudioArchive
{
    /// <summary>Starts a new archive object; audio is streamed into it while the session runs.</summary>
    Task<IAudioArchiveWriter> CreateAsync(ArchiveRequest request, CancellationToken cancellationToken);

    /// <summary>
    /// A successor owner takes over the object <paramref name="key"/> that a predecessor was writing when it died or
    /// was drained: trims it to its last acknowledged chunk, makes sure it is finished (uploaded), and tells where it
    /// ends. Null when nothing of it is left to recover here (it was finished and uploaded, so the record is exact),
    /// or when the archive keeps no spool index (the file archive: embedded mode never resumes sessions).
    /// <paramref name="tailFrom"/>: also return the pcm16 audio from that many samples into the object on (at most
    /// <paramref name="maxTail"/> of it, the most recent).
    /// </summary>
    Task<ArchiveRecovery?> RecoverAsync(string key, ArchiveRequest request, long tailFrom, TimeSpan maxTail, CancellationToken cancellationToken);
}

/// <summary>
/// Streams one session's audio. <see cref="AppendAsync"/> returns once the audio is durably spooled
/// (it survives a process crash), which is what lets the session acknowledge it.
/// </summary>
public interface IAudioArchiveWriter : IAsyncDisposable
{
    /// <summary>Key of the object, relative to the archive root (bucket).</summary>
    string Key { get; }

    long AudioBytes { get; }

    /// <summary>Adds one accepted chunk: its PCM, or its Opus packets as received.</summary>
    ValueTask AppendAsync(ArchiveChunk chunk, CancellationToken cancellationToken);

    /// <summary>Finalizes the object (headers, flush to disk / last part).</summary>
    Task<ArchiveResult> CompleteAsync(CancellationToken cancellationToken);
}

/// <summary>
/// A writer that builds the archive object in a local file (the spool). Bytes before <see cref="StableBytes"/>
/// no longer change, except the first <see cref="ArchiveSpool.MutableHeadBytes"/> (a WAV header) until completion.
/// </summary>
internal interface ISpooledArchiveWriter : IAudioArchiveWriter
{
    string SpoolPath { get; }

    long StableBytes { get; }
}

internal static class ArchiveSpool
{
    /// <summary>The head a writer may still rewrite until it completes (the WAV header's sizes).</summary>
    public const int MutableHeadBytes = WavHeader.Size;
}
