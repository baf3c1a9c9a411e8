using Amazon.Runtime;
using Amazon.S3;
using LiveTranscription.Grains.Archive;
using LiveTranscription.Grains.Archive.S3;
using LiveTranscription.Grains.Storage;
using LiveTranscription.TestKit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace LiveTranscription.Grains.Tests.Archive;

/// <summary>s3rver for the archive spec; one process for the class.</summary>
public sealed class S3rverFixture : IAsyncLifetime
{
    public S3rver Server { get; private set; } = null!;

    public AmazonS3Client Client { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        Server = await S3rver.StartAsync();
        Client = new AmazonS3Client(new BasicAWSCredentials(S3rver.AccessKey, S3rver.SecretKey),
            new AmazonS3Config { ServiceURL = Server.ServiceUrl, ForcePathStyle = true, AuthenticationRegion = "us-east-1" });
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await Server.DisposeAsync();
    }
}

public sealed class S3AudioArchiveSpecTests(S3rverFixture s3) : AudioArchiveSpec, IClassFixture<S3rverFixture>, IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("lt-s3-spec-").FullName;
    private readonly S3BackgroundUploads _background = new(new ServiceCollection().BuildServiceProvider(), NullLogger<S3BackgroundUploads>.Instance);

    protected override IAudioArchive Archive(ArchiveFormat pcmFormat = ArchiveFormat.Wav) => new S3AudioArchive(
        s3.Client,
        Options.Create(new S3ArchiveOptions { Bucket = s3.Server.Bucket, ForcePathStyle = true, UseChunkEncoding = false, CopyObjectSupported = false }),
        Options.Create(new StorageOptions { DataDirectory = _root }),
        Options.Create(new ArchiveOptions { PcmFormat = pcmFormat }),
        _background,
        NullLogger<S3AudioArchive>.Instance);

    protected override async Task<byte[]> ReadAsync(string key)
    {
        using var obj = await s3.Client.GetObjectAsync(s3.Server.Bucket, key);
        using var body = new MemoryStream();
        await obj.ResponseStream.CopyToAsync(body);
        return body.ToArray();
    }

    public void Dispose()
    {
        _background.Dispose();
        Directory.Delete(_root, recursive: true);
    }
}
