namespace LiveTranscription.Grains.Archive.S3;

/// <summary>
/// Spools through a file writer and streams finished regions of the spool to S3. Each chunk is indexed after it is
/// spooled (<see cref="SpoolIndex"/>), so a successor owner knows exactly where the spool ends.
/// </summary>
internal sealed class S3ArchiveWriter(ISpooledArchiveWriter inner, S3ObjectUpload upload, S3ArchiveOptions options, S3BackgroundUploads background) : IAudioArchiveWriter
{
    private readonly SpoolIndex _index = new(inner.SpoolPath);
    private long _samples;
    private bool _completed;

    public string Key => inner.Key;

    public long AudioBytes => inner.AudioBytes;

    public S3ObjectUpload Upload => upload;

    public async ValueTask AppendAsync(ArchiveChunk chunk, CancellationToken cancellationToken)
    {
        await inner.AppendAsync(chunk, cancellationToken).ConfigureAwait(false);
        _samples += chunk.Samples;
        _index.Append(chunk.Sequence, inner.AudioBytes, _samples);
        upload.Poke(inner.StableBytes);
    }

    /// <summary>
    /// Finishes the spool (durable), then gives the upload <see cref="S3ArchiveOptions.CompleteTimeout"/>; if S3 does
    /// not take it in that time the upload continues in the background and the session completes regardless.
    /// </summary>
    public async Task<ArchiveResult> CompleteAsync(CancellationToken cancellationToken)
    {
        var result = await inner.CompleteAsync(cancellationToken).ConfigureAwait(false);
        _completed = true;
        _index.Dispose();
        var total = new FileInfo(inner.SpoolPath).Length;
        upload.SetDuration(result.Duration);
        await PendingUpload.WriteAsync(upload, cancellationToken).ConfigureAwait(false); // a restart finishes it from the spool
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.CompleteTimeout);
        try
        {
            await upload.FinishAsync(total, timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            background.Add(upload, total);
        }

        return result;
    }

    /// <summary>Stops writing without finishing: the spool and its index stay for a successor (or an operator).</summary>
    public async ValueTask DisposeAsync()
    {
        _index.Dispose();
        await inner.DisposeAsync().ConfigureAwait(false);
        if (!_completed)
        {
            await upload.AbortAsync().ConfigureAwait(false);
        }
    }
}
