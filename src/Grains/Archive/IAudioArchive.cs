namespace LiveTranscription.Grains.Archive;

/// <summary>Where session audio is archived. Embedded: WAV or Ogg Opus files; cluster: S3 (multipart, spooled).</summary>
public interface IAudioArchive
{
    /// <summary>Starts a new archive object; audio is streamed into it while the session runs.</summary>
    Task<IAudioArchiveWriter> CreateAsync(ArchiveRequest request, CancellationToken cancellationToken);
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
