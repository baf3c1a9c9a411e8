namespace LiveTranscription.Grains.Archive.S3;

/// <summary>Spools through a file writer and streams finished regions of the spool to S3.</summary>
internal sealed class S3ArchiveWriter(ISpooledArchiveWriter inner, S3ObjectUpload upload, S3ArchiveOptions options, S3BackgroundUploads background) : IAudioArchiveWriter
{
    private bool _completed;

    public string Key => inner.Key;

    public long AudioBytes => inner.AudioBytes;

    public S3ObjectUpload Upload => upload;

    public async ValueTask AppendAsync(ArchiveChunk chunk, CancellationToken cancellationToken)
    {
        await inner.AppendAsync(chunk, cancellationToken).ConfigureAwait(false);
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
        var total = new FileInfo(inner.SpoolPath).Length;
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

    public async ValueTask DisposeAsync()
    {
        await inner.DisposeAsync().ConfigureAwait(false);
        if (!_completed)
        {
            // Never completed (a failed start, or an activation torn down): the spool stays for inspection.
            await upload.AbortAsync().ConfigureAwait(false);
        }
    }
}
