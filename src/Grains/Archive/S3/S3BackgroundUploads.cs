using System.Collections.Concurrent;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace LiveTranscription.Grains.Archive.S3;

/// <summary>
/// Finishes uploads that S3 did not take by the end of their session, retrying (2 s doubling to
/// <see cref="S3ArchiveOptions.MaxRetryDelay"/>) until the object exists. The spool file stays until then;
/// uploads still pending when the process stops keep their spool (not yet resumed by the next process).
/// </summary>
internal sealed partial class S3BackgroundUploads(ILogger<S3BackgroundUploads> logger) : IHostedService, IDisposable
{
    private readonly CancellationTokenSource _stopping = new();
    private readonly ConcurrentDictionary<string, Task> _pending = new();

    public int Pending => _pending.Count;

    public void Add(S3ObjectUpload upload, long totalBytes)
    {
        LogDeferred(logger, upload.Key);
        _pending[upload.Key] = Task.Run(async () =>
        {
            try
            {
                await upload.FinishAsync(totalBytes, _stopping.Token).ConfigureAwait(false);
                LogUploaded(logger, upload.Key);
            }
            catch (OperationCanceledException)
            {
                LogLeftInSpool(logger, upload.Key, upload.SpoolPath);
            }
            finally
            {
                _pending.TryRemove(upload.Key, out _);
            }
        });
    }

    /// <summary>Completes when every pending upload has finished (tests, drain).</summary>
    public Task WhenIdleAsync() => Task.WhenAll(_pending.Values);

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        await Task.WhenAll(_pending.Values).WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    public void Dispose() => _stopping.Dispose();

    [LoggerMessage(145, LogLevel.Warning, "Archive {Key}: S3 did not take the upload in time; it continues in the background")]
    private static partial void LogDeferred(ILogger logger, string key);

    [LoggerMessage(146, LogLevel.Information, "Archive {Key}: uploaded in the background")]
    private static partial void LogUploaded(ILogger logger, string key);

    [LoggerMessage(147, LogLevel.Warning, "Archive {Key}: not uploaded before shutdown; the audio is in {SpoolPath}")]
    private static partial void LogLeftInSpool(ILogger logger, string key, string spoolPath);
}
