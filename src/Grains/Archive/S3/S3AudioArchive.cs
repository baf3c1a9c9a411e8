using System.Globalization;
using Amazon.S3;
using LiveTranscription.Grains.Archive.Ogg;
using LiveTranscription.Grains.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace LiveTranscription.Grains.Archive.S3;

/// <summary>
/// The audio archive in S3: each session is written (WAV or Ogg Opus, as the file archive does) into a local
/// spool file, which is what makes a chunk durable before it is acknowledged, and streamed to S3 as a multipart
/// upload (<see cref="S3ObjectUpload"/>). When S3 is slow or down at the end, the session completes anyway and
/// <see cref="S3BackgroundUploads"/> finishes the upload later; the record's audio key is the object's key.
/// In a cluster the spool directory is shared by the silos (an EFS volume in ECS), so a successor owner can finish
/// the object of a silo that died (<see cref="RecoverAsync"/>).
/// </summary>
internal sealed partial class S3AudioArchive(
    IAmazonS3 s3, IOptions<S3ArchiveOptions> options, IOptions<StorageOptions> storage, IOptions<ArchiveOptions> archive,
    S3BackgroundUploads background, ILogger<S3AudioArchive> logger) : IAudioArchive
{
    public string SpoolDirectory => Path.Combine(storage.Value.FullDataDirectory, options.Value.SpoolDirectory);

    public Task<IAudioArchiveWriter> CreateAsync(ArchiveRequest request, CancellationToken cancellationToken)
    {
        var format = FileAudioArchive.FormatFor(request.Encoding, archive.Value);
        var key = request.Key ?? ArchiveKey.Create(request.UserId, request.StartedAt, Guid.NewGuid(), format == ArchiveFormat.Wav ? "wav" : "opus");
        var spool = Path.Combine(SpoolDirectory, key);
        ISpooledArchiveWriter inner = format == ArchiveFormat.Wav
            ? new WavFileWriter(spool, key, request.SampleRate)
            : new OggOpusFileWriter(spool, key, request, archive.Value);
        var upload = new S3ObjectUpload(s3, options.Value, key, spool, Metadata(request), logger);
        return Task.FromResult<IAudioArchiveWriter>(new S3ArchiveWriter(inner, upload, options.Value, background));
    }

    public async Task<ArchiveRecovery?> RecoverAsync(string key, ArchiveRequest request, long tailFrom, TimeSpan maxTail, CancellationToken cancellationToken)
    {
        var spool = Path.Combine(SpoolDirectory, key);
        if (!File.Exists(spool))
        {
            return null; // finished and uploaded by its owner: the record is exact
        }

        var last = SpoolIndex.ReadLast(spool);
        if (File.Exists(PendingUpload.MarkerOf(spool)))
        {
            // Completed by its owner, whose upload is still running (or left for a restart): only read where it ends.
            return last is null ? null : new ArchiveRecovery(key, last.Sequence, last.Samples);
        }

        ReadOnlyMemory<byte> tail = default;
        var tailStart = 0L;
        if (key.EndsWith(".wav", StringComparison.Ordinal))
        {
            WavFileWriter.Repair(spool, last?.AudioBytes ?? 0); // drop a chunk written but never acknowledged
            (tail, tailStart) = await ReadTailAsync(spool, last?.AudioBytes ?? 0, tailFrom, (long)(maxTail.TotalSeconds * request.SampleRate), cancellationToken).ConfigureAwait(false);
        }
        else
        {
            (tail, tailStart) = OpusTail.Decode(spool, request.SampleRate, tailFrom, last?.Samples ?? 0, maxTail);
        }

        var upload = new S3ObjectUpload(s3, options.Value, key, spool, Metadata(request), logger);
        upload.SetDuration(TimeSpan.FromSeconds((double)(last?.Samples ?? 0) / request.SampleRate));
        await PendingUpload.WriteAsync(upload, cancellationToken).ConfigureAwait(false);
        background.Add(upload, new FileInfo(spool).Length);
        LogRecovered(logger, request.SessionId, key, last?.Sequence ?? -1);
        return new ArchiveRecovery(key, last?.Sequence ?? -1, last?.Samples ?? 0, tail, tailStart);
    }

    private static async Task<(ReadOnlyMemory<byte> Pcm, long StartSample)> ReadTailAsync(string spool, long audioBytes, long fromSample, long maxSamples, CancellationToken cancellationToken)
    {
        var total = audioBytes / 2;
        var start = Math.Clamp(Math.Max(fromSample, total - maxSamples), 0, total);
        var pcm = new byte[(total - start) * 2];
        await using var file = new FileStream(spool, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        file.Position = WavHeader.Size + (start * 2);
        await file.ReadExactlyAsync(pcm, cancellationToken).ConfigureAwait(false);
        return (pcm, start);
    }

    private static Dictionary<string, string> Metadata(ArchiveRequest request) => new()
    {
        ["session-id"] = request.SessionId,
        ["sample-rate"] = request.SampleRate.ToString(CultureInfo.InvariantCulture),
        ["encoding"] = request.Encoding,
    };

    [LoggerMessage(149, LogLevel.Information, "Session {SessionId}: took over archive {Key} from its previous owner; it ends with chunk {LastSequence}", EventName = "ArchiveRecovered")]
    private static partial void LogRecovered(ILogger logger, string sessionId, string key, long lastSequence);
}
