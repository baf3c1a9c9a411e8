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
/// </summary>
internal sealed class S3AudioArchive(
    IAmazonS3 s3, IOptions<S3ArchiveOptions> options, IOptions<StorageOptions> storage, IOptions<ArchiveOptions> archive,
    S3BackgroundUploads background, ILogger<S3AudioArchive> logger) : IAudioArchive
{
    public string SpoolDirectory => Path.Combine(storage.Value.FullDataDirectory, options.Value.SpoolDirectory);

    public Task<IAudioArchiveWriter> CreateAsync(ArchiveRequest request, CancellationToken cancellationToken)
    {
        var format = FileAudioArchive.FormatFor(request.Encoding, archive.Value);
        var key = ArchiveKey.Create(request.UserId, request.StartedAt, Guid.NewGuid(), format == ArchiveFormat.Wav ? "wav" : "opus");
        var spool = Path.Combine(SpoolDirectory, key);
        ISpooledArchiveWriter inner = format == ArchiveFormat.Wav
            ? new WavFileWriter(spool, key, request.SampleRate)
            : new OggOpusFileWriter(spool, key, request, archive.Value);
        var metadata = new Dictionary<string, string>
        {
            ["session-id"] = request.SessionId,
            ["sample-rate"] = request.SampleRate.ToString(CultureInfo.InvariantCulture),
            ["encoding"] = request.Encoding,
        };
        var upload = new S3ObjectUpload(s3, options.Value, key, spool, metadata, logger);
        return Task.FromResult<IAudioArchiveWriter>(new S3ArchiveWriter(inner, upload, options.Value, background));
    }
}
