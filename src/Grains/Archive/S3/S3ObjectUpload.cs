using Amazon.S3;
using Amazon.S3.Model;
using Microsoft.Extensions.Logging;

namespace LiveTranscription.Grains.Archive.S3;

/// <summary>
/// Uploads one spooled archive object as an S3 multipart upload. The spool is cut into regions of
/// <see cref="S3ArchiveOptions.PartSize"/>; region k is part k. Regions 2, 3, … go up while the session runs,
/// as soon as the writer will not touch them again; region 1 (it holds the WAV header, patched to the end) and
/// the last one go up at completion. Nothing is held in memory beyond one part in flight. A failure is retried
/// (2 s, 4 s, … up to <see cref="S3ArchiveOptions.MaxRetryDelay"/>); the spool stays until the object exists.
/// </summary>
#pragma warning disable CA1001 // the SemaphoreSlim never allocates its wait handle: nothing to dispose
internal sealed partial class S3ObjectUpload(IAmazonS3 s3, S3ArchiveOptions options, string key, string spoolPath, Dictionary<string, string> metadata, ILogger logger)
{
#pragma warning restore CA1001
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly SortedDictionary<int, string> _etags = [];
    private string? _uploadId;
    private volatile string? _duration;
    private bool _initiatedWithDuration;
    private bool _assembled;
    private int _nextRegion = 2;
    private int _running;

    public string Key => key;

    public string SpoolPath => spoolPath;

    /// <summary>The object's metadata: what it was created with, plus the duration once it is known.</summary>
    public IReadOnlyDictionary<string, string> Metadata => _duration is { } d ? new Dictionary<string, string>(metadata) { ["duration"] = d } : metadata;

    /// <summary>Parts uploaded while the session ran (before completion).</summary>
    public int EarlyParts { get; private set; }

    /// <summary>
    /// The object's duration, known at completion: it goes into the metadata (<c>x-amz-meta-duration</c>, seconds).
    /// An upload begun earlier (parts went up while the session ran) gets it by a copy onto itself at the end
    /// (<see cref="S3ArchiveOptions.CopyObjectSupported"/>).
    /// </summary>
    public void SetDuration(TimeSpan duration)
        => _duration = Math.Round(duration.TotalSeconds, 3).ToString("0.###", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Uploads, in the background, the regions that became final.</summary>
    public void Poke(long stableBytes)
    {
        if (stableBytes < 2L * options.PartSize || Interlocked.Exchange(ref _running, 1) == 1)
        {
            return;
        }

        _ = Task.Run(async () =>
        {
            try
            {
                await _gate.WaitAsync().ConfigureAwait(false);
                try
                {
                    await UploadRegionsAsync(stableBytes / options.PartSize, early: true, CancellationToken.None).ConfigureAwait(false);
                }
                finally
                {
                    _gate.Release();
                }
            }
            catch (Exception ex) when (ex is AmazonS3Exception or HttpRequestException or IOException or OperationCanceledException)
            {
                LogPartFailed(logger, key, ex.Message); // retried at the next poke or at completion
            }
            finally
            {
                Volatile.Write(ref _running, 0);
            }
        });
    }

    /// <summary>Uploads the rest and completes the object, retrying until it succeeds or <paramref name="cancellationToken"/> fires.</summary>
    public async Task FinishAsync(long totalBytes, CancellationToken cancellationToken)
    {
        var delay = TimeSpan.FromSeconds(2);
        while (true)
        {
            try
            {
                await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
                try
                {
                    if (!_assembled)
                    {
                        var regions = (int)((totalBytes + options.PartSize - 1) / options.PartSize);
                        await UploadRegionsAsync(regions, early: false, cancellationToken).ConfigureAwait(false);
                        if (!_etags.ContainsKey(1))
                        {
                            await UploadRegionAsync(1, early: false, cancellationToken).ConfigureAwait(false);
                        }

                        await s3.CompleteMultipartUploadAsync(new CompleteMultipartUploadRequest
                        {
                            BucketName = options.Bucket,
                            Key = key,
                            UploadId = _uploadId,
                            PartETags = [.. _etags.Select(p => new PartETag(p.Key, p.Value))],
                        }, cancellationToken).ConfigureAwait(false);
                        _assembled = true;
                    }

                    if (Metadata.ContainsKey("duration") && !_initiatedWithDuration && options.CopyObjectSupported)
                    {
                        try
                        {
                            await s3.CopyObjectAsync(Copy(), cancellationToken).ConfigureAwait(false);
                        }
                        catch (AmazonS3Exception ex) when ((int)ex.StatusCode is >= 400 and < 500 and not 408 and not 429)
                        {
                            LogNoDuration(logger, key, ex.Message); // the store refuses the copy: the object stays, without it
                        }

                        _initiatedWithDuration = true;
                    }

                    File.Delete(spoolPath);
                    File.Delete(SpoolIndex.PathOf(spoolPath));
                    File.Delete(PendingUpload.MarkerOf(spoolPath));
                    return;
                }
                finally
                {
                    _gate.Release();
                }
            }
            catch (Exception ex) when (ex is AmazonS3Exception or HttpRequestException or IOException or Amazon.Runtime.AmazonServiceException)
            {
                LogRetry(logger, key, delay.TotalSeconds, ex.Message);
                await Task.Delay(delay, cancellationToken).ConfigureAwait(false);
                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, options.MaxRetryDelay.Ticks));
            }
        }
    }

    /// <summary>Abandons the upload (a session that never completed); the spool file is left to the caller.</summary>
    public async Task AbortAsync()
    {
        if (_uploadId is not null)
        {
            try
            {
                await s3.AbortMultipartUploadAsync(options.Bucket, key, _uploadId).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is AmazonS3Exception or HttpRequestException)
            {
                LogPartFailed(logger, key, ex.Message); // a bucket lifecycle rule removes abandoned uploads
            }
        }
    }

    private async Task UploadRegionsAsync(long lastRegion, bool early, CancellationToken cancellationToken)
    {
        for (; _nextRegion <= lastRegion; _nextRegion++)
        {
            await UploadRegionAsync(_nextRegion, early, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task UploadRegionAsync(int region, bool early, CancellationToken cancellationToken)
    {
        if (_uploadId is null)
        {
            // Only what is final goes in: the duration is set by the end, which an early part may run concurrently with.
            var initial = early ? metadata : Metadata;
            _initiatedWithDuration = initial.ContainsKey("duration");
            _uploadId = (await s3.InitiateMultipartUploadAsync(Initiate(initial), cancellationToken).ConfigureAwait(false)).UploadId;
        }

        var offset = (long)(region - 1) * options.PartSize;
        var size = (int)Math.Min(options.PartSize, new FileInfo(spoolPath).Length - offset);
        var buffer = new byte[size];
        await using (var file = new FileStream(spoolPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite))
        {
            file.Seek(offset, SeekOrigin.Begin);
            await file.ReadExactlyAsync(buffer, cancellationToken).ConfigureAwait(false);
        }

        using var body = new MemoryStream(buffer);
        var response = await s3.UploadPartAsync(new UploadPartRequest
        {
            BucketName = options.Bucket,
            Key = key,
            UploadId = _uploadId,
            PartNumber = region,
            InputStream = body,
            PartSize = size,
            UseChunkEncoding = options.UseChunkEncoding,
        }, cancellationToken).ConfigureAwait(false);
        _etags[region] = response.ETag;
        if (early)
        {
            EarlyParts++;
        }
    }

    private string ContentType => key.EndsWith(".wav", StringComparison.Ordinal) ? "audio/wav" : "audio/ogg";

    private InitiateMultipartUploadRequest Initiate(IReadOnlyDictionary<string, string> initial)
    {
        var request = new InitiateMultipartUploadRequest { BucketName = options.Bucket, Key = key, ContentType = ContentType };
        foreach (var (k, v) in initial)
        {
            request.Metadata.Add(k, v);
        }

        if (!string.IsNullOrEmpty(options.ServerSideEncryption))
        {
            request.ServerSideEncryptionMethod = new ServerSideEncryptionMethod(options.ServerSideEncryption);
            request.ServerSideEncryptionKeyManagementServiceKeyId = string.IsNullOrEmpty(options.KmsKeyId) ? null : options.KmsKeyId;
        }

        return request;
    }

    /// <summary>The object copied onto itself with the full metadata (objects stay far below CopyObject's 5 GB limit).</summary>
    private CopyObjectRequest Copy()
    {
        var request = new CopyObjectRequest
        {
            SourceBucket = options.Bucket,
            SourceKey = key,
            DestinationBucket = options.Bucket,
            DestinationKey = key,
            MetadataDirective = S3MetadataDirective.REPLACE,
            ContentType = ContentType,
        };
        foreach (var (k, v) in Metadata)
        {
            request.Metadata.Add(k, v);
        }

        if (!string.IsNullOrEmpty(options.ServerSideEncryption))
        {
            request.ServerSideEncryptionMethod = new ServerSideEncryptionMethod(options.ServerSideEncryption);
            request.ServerSideEncryptionKeyManagementServiceKeyId = string.IsNullOrEmpty(options.KmsKeyId) ? null : options.KmsKeyId;
        }

        return request;
    }

    [LoggerMessage(140, LogLevel.Warning, "Archive {Key}: a part upload failed ({Reason}); it is retried")]
    private static partial void LogPartFailed(ILogger logger, string key, string reason);

    [LoggerMessage(142, LogLevel.Warning, "Archive {Key}: the store refused the copy that adds the duration metadata ({Reason}); the object has none (set Storage:S3:CopyObjectSupported=false for such stores)")]
    private static partial void LogNoDuration(ILogger logger, string key, string reason);

    [LoggerMessage(141, LogLevel.Warning, "Archive {Key}: upload failed, retrying in {Seconds} s ({Reason})")]
    private static partial void LogRetry(ILogger logger, string key, double seconds, string reason);
}
