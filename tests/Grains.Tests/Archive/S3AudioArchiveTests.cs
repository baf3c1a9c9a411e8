using Amazon.Runtime;
using Amazon.S3;
using LiveTranscription.Grains.Abstractions.Sessions;
using LiveTranscription.Grains.Archive;
using LiveTranscription.Grains.Archive.S3;
using LiveTranscription.Grains.Storage;
using LiveTranscription.TestKit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace LiveTranscription.Grains.Tests.Archive;

/// <summary>The S3 archive against s3rver: multipart streaming while the session runs, and S3 down at the end.</summary>
public sealed class S3AudioArchiveTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("lt-s3-").FullName;

    [Theory]
    [InlineData(false)]
    [InlineData(true)] // the copy that adds the duration is attempted; s3rver refuses it: the object stays, without it
    public async Task ALongSession_IsStreamedInParts_AndTheObjectIsTheWavOfEverythingSent(bool copyObjectSupported)
    {
        await using var s3rver = await S3rver.StartAsync();
        using var client = Client(s3rver.ServiceUrl);
        using var background = new S3BackgroundUploads(new ServiceCollection().BuildServiceProvider(), NullLogger<S3BackgroundUploads>.Instance);
        var archive = Archive(client, s3rver.ServiceUrl, background, partSize: 5 * 1024 * 1024, copyObjectSupported: copyObjectSupported);
        var sessionId = SessionIds.New();
        var writer = (S3ArchiveWriter)await archive.CreateAsync(new ArchiveRequest(sessionId, "dr/who", DateTimeOffset.UtcNow, 48000, AudioEncodings.Pcm16, 1), CancellationToken.None);
        var sent = new MemoryStream();
        for (var i = 0; i < 400; i++) // 400 × 32 000 bytes = 12.2 MiB: parts 2 (and 1, 3 at the end)
        {
            var chunk = TestAudio.Tone(48000, TimeSpan.FromMilliseconds(1000.0 / 3), seed: i);
            sent.Write(chunk);
            await writer.AppendAsync(ArchiveChunk.Pcm16(chunk), CancellationToken.None);
        }

        // Part 2 goes up in the background while the session runs; on a loaded machine the end could otherwise overtake it.
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (writer.Upload.EarlyParts == 0 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(20, TestContext.Current.CancellationToken);
        }

        Assert.True(writer.Upload.EarlyParts >= 1, "a part went up while the session ran");
        var result = await writer.CompleteAsync(CancellationToken.None);

        using var obj = await client.GetObjectAsync(s3rver.Bucket, result.Key, TestContext.Current.CancellationToken);
        using var body = new MemoryStream();
        await obj.ResponseStream.CopyToAsync(body, TestContext.Current.CancellationToken);
        Assert.Equal(sent.ToArray(), TestAudio.DataChunk(body.ToArray()));
        Assert.Equal(sessionId, obj.Metadata["x-amz-meta-session-id"]);
        Assert.Equal("48000", obj.Metadata["x-amz-meta-sample-rate"]);
        // Begun while the session ran, without the duration; s3rver cannot copy it in (an upload begun at the end has
        // it: the next test).
        Assert.Null(obj.Metadata["x-amz-meta-duration"]);
        Assert.Equal(0, background.Pending);
        Assert.False(File.Exists(Path.Combine(archive.SpoolDirectory, result.Key)), "the spool is removed once the object exists");
        Assert.StartsWith("audio/dr_who/", result.Key, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WhenS3IsDownAtTheEnd_TheSessionCompletes_AndTheNextProcessUploadsTheSpool()
    {
        var url = $"http://127.0.0.1:{ClosedPort()}"; // S3 is down: nothing listens there
        using var client = Client(url);
        using var first = new S3BackgroundUploads(new ServiceCollection().BuildServiceProvider(), NullLogger<S3BackgroundUploads>.Instance);
        var archive = Archive(client, url, first, partSize: 5 * 1024 * 1024, completeTimeout: TimeSpan.FromSeconds(1));
        var writer = await archive.CreateAsync(new ArchiveRequest(SessionIds.New(), "user-1", DateTimeOffset.UtcNow, 16000, AudioEncodings.Pcm16, 1), CancellationToken.None);
        var audio = TestAudio.Tone(16000, TimeSpan.FromSeconds(2));
        await writer.AppendAsync(ArchiveChunk.Pcm16(audio), CancellationToken.None);

        var started = DateTime.UtcNow;
        var result = await writer.CompleteAsync(CancellationToken.None);
        var waited = DateTime.UtcNow - started;
        Assert.True(waited < TimeSpan.FromSeconds(10), $"the end of the session waited {waited}");
        Assert.Equal(1, first.Pending);
        var spool = Path.Combine(archive.SpoolDirectory, result.Key);
        Assert.True(File.Exists(spool), "the audio waits in the spool");

        await first.StopAsync(CancellationToken.None); // the process stops with the upload unfinished
        Assert.True(File.Exists(spool) && File.Exists(spool + ".pending.json"));

        await using var s3rver = await S3rver.StartAsync(); // S3 is back (at its own address, for the next process)
        using var next3 = Client(s3rver.ServiceUrl);
        var services = new ServiceCollection()
            .AddSingleton<IAmazonS3>(next3)
            .AddSingleton(Options.Create(new S3ArchiveOptions { Bucket = "test-bucket", UseChunkEncoding = false, ForcePathStyle = true, CopyObjectSupported = false }))
            .AddSingleton(Options.Create(new StorageOptions { DataDirectory = _root }))
            .BuildServiceProvider();
        using var next = new S3BackgroundUploads(services, NullLogger<S3BackgroundUploads>.Instance);
        await next.StartAsync(CancellationToken.None);
        await next.WhenIdleAsync().WaitAsync(TimeSpan.FromSeconds(60), TestContext.Current.CancellationToken);

        using var obj = await next3.GetObjectAsync(s3rver.Bucket, result.Key, TestContext.Current.CancellationToken);
        using var body = new MemoryStream();
        await obj.ResponseStream.CopyToAsync(body, TestContext.Current.CancellationToken);
        Assert.Equal(audio, TestAudio.DataChunk(body.ToArray()));
        Assert.Equal("2", obj.Metadata["x-amz-meta-duration"]); // begun at the end: the duration is in from the start
        Assert.False(File.Exists(spool) || File.Exists(spool + ".pending.json"), "spool and marker go once the object exists");
    }

    /// <summary>A loopback port nothing listens on (connections are refused).</summary>
    private static int ClosedPort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static AmazonS3Client Client(string url) => new(
        new BasicAWSCredentials(S3rver.AccessKey, S3rver.SecretKey),
        new AmazonS3Config { ServiceURL = url, ForcePathStyle = true, AuthenticationRegion = "us-east-1", MaxErrorRetry = 1, Timeout = TimeSpan.FromSeconds(5) });

    private S3AudioArchive Archive(AmazonS3Client client, string url, S3BackgroundUploads background, int partSize, TimeSpan? completeTimeout = null, bool copyObjectSupported = false)
        => new(client,
            Options.Create(new S3ArchiveOptions
            {
                Bucket = "test-bucket",
                ServiceUrl = url,
                ForcePathStyle = true,
                UseChunkEncoding = false,
                CopyObjectSupported = copyObjectSupported,
                PartSize = partSize,
                CompleteTimeout = completeTimeout ?? TimeSpan.FromSeconds(30),
                MaxRetryDelay = TimeSpan.FromSeconds(2),
            }),
            Options.Create(new StorageOptions { DataDirectory = _root }),
            Options.Create(new ArchiveOptions()),
            background,
            NullLogger<S3AudioArchive>.Instance);

    public void Dispose() => Directory.Delete(_root, recursive: true);
}
