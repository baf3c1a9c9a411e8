using System.Collections.Concurrent;
using Amazon.S3;
using LiveTranscription.Grains.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace LiveTranscription.Grains.Archive.S3;

/// <summary>
/// Finishes uploads that S3 did not take by the end of their session, retrying (2 s doubling to
/// <see cref="S3ArchiveOptions.MaxRetryDelay"/>) until the object exists. The spool file stays until then, with a
/// <see cref="PendingUpload"/> marker; at startup the uploads a previous process left are started again from
/// their spool (as new multipart uploads).
/// </summary>
internal sealed partial class S3BackgroundUploads(IServiceProvider services, ILogger<S3BackgroundUploads> logger) : IHostedService, IDisposable
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

    /// <summary>Resumes the uploads a previous process left in the spool.</summary>
    public Task StartAsync(CancellationToken cancellationToken)
    {
        var s3 = services.GetService<IAmazonS3>();
        var options = services.GetService<IOptions<S3ArchiveOptions>>()?.Value;
        var storage = services.GetService<IOptions<StorageOptions>>()?.Value;
        if (s3 is null || options is null || storage is null)
        {
            return Task.CompletedTask;
        }

        foreach (var (spool, pending) in PendingUpload.Find(Path.Combine(storage.FullDataDirectory, options.SpoolDirectory)))
        {
            LogResuming(logger, pending.Key);
            Add(new S3ObjectUpload(s3, options, pending.Key, spool, pending.Metadata, logger), new FileInfo(spool).Length);
        }

        return Task.CompletedTask;
    }

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

    [LoggerMessage(147, LogLevel.Warning, "Archive {Key}: not uploaded before shutdown; the audio is in {SpoolPath} and is uploaded at the next start")]
    private static partial void LogLeftInSpool(ILogger logger, string key, string spoolPath);

    [LoggerMessage(148, LogLevel.Information, "Archive {Key}: resuming an upload a previous process left in the spool", EventName = "ArchiveUploadResumed")]
    private static partial void LogResuming(ILogger logger, string key);
}
