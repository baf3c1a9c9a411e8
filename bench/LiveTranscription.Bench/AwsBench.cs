using System.Diagnostics;
using Amazon.DynamoDBv2;
using Amazon.Runtime;
using Amazon.S3;
using LiveTranscription.Grains;
using LiveTranscription.Grains.Abstractions.Protocol;
using LiveTranscription.Grains.Abstractions.Sessions;
using LiveTranscription.Grains.Archive;
using LiveTranscription.Grains.Archive.S3;
using LiveTranscription.Grains.Records.DynamoDb;
using LiveTranscription.Grains.Storage;
using LiveTranscription.TestKit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace LiveTranscription.Bench;

/// <summary>
/// AWS storage against dynalite and s3rver: DynamoDB requests (and write units) per minute of dictation
/// with the offline engine, and archive throughput through the S3 spool and multipart upload against the
/// file archive in the same run.
/// </summary>
internal static class AwsBench
{
    public static async Task RunAsync()
    {
        await using var dynalite = await Dynalite.StartAsync();
        await using var s3rver = await S3rver.StartAsync();
        await DynamoDbPerMinuteAsync(dynalite, s3rver);
        await ArchiveThroughputAsync(s3rver);
    }

    private static async Task DynamoDbPerMinuteAsync(Dynalite dynalite, S3rver s3rver)
    {
        var counts = new Dictionary<string, int>();
        using var dynamo = new AmazonDynamoDBClient(new BasicAWSCredentials("local", "local"), new AmazonDynamoDBConfig { ServiceURL = dynalite.ServiceUrl, AuthenticationRegion = "us-east-1" });
        using var s3 = S3Client(s3rver);
        var tables = new DynamoDbStoreOptions { ServiceUrl = dynalite.ServiceUrl };
        await new DynamoDbSessionStore(dynamo, tables).EnsureTablesAsync(CancellationToken.None);
        dynamo.BeforeRequestEvent += (_, e) =>
        {
            if (e is WebServiceRequestEventArgs w)
            {
                lock (counts)
                {
                    var name = w.Request.GetType().Name.Replace("Request", string.Empty, StringComparison.Ordinal);
                    counts[name] = counts.GetValueOrDefault(name) + 1;
                }
            }
        };
        await using var host = new BenchHost("offline", new()
        {
            ["Storage:Provider"] = "Aws",
            ["Storage:S3:Bucket"] = s3rver.Bucket,
            ["Storage:S3:UseChunkEncoding"] = "false",
            ["Storage:S3:CopyObjectSupported"] = "false",
        }, services => services.AddSingleton<IAmazonDynamoDB>(dynamo).AddSingleton<IAmazonS3>(s3).AddAwsStorage());
        var samples = OpusBench.Speech(); // the e2e dictation set: six sentences with pauses
        var speech = new byte[samples.Length * 2];
        Buffer.BlockCopy(samples, 0, speech, 0, speech.Length);
        var chunks = TestAudio.Chunks(speech, 16000, TimeSpan.FromMilliseconds(100)).Where(c => c.Length >= 640).ToList();
        var connection = host.NewConnection();
        var ack = await host.Gateway.StartAsync(connection, new StartSessionRequest());
        for (var i = 0; i < chunks.Count; i++)
        {
            await host.SendWithRetryAsync(connection, ack.SessionId, i, chunks[i]);
        }

        var complete = await host.Gateway.EndAsync(connection, ack.SessionId);
        await Task.Delay(500); // write-behind settles
        var minutes = speech.Length / 2 / 16000.0 / 60;
        var segments = (await host.Get<Grains.Records.ISessionStore>().GetSegmentsAsync(ack.SessionId, CancellationToken.None)).Count;
        Console.WriteLine($"| DynamoDB per minute of dictation (offline engine, {speech.Length / 32000.0:0.0} s, {segments} finals, {complete.WordCount} words) | requests per minute |");
        Console.WriteLine("|---|---|");
        foreach (var (name, n) in counts.OrderBy(c => c.Key))
        {
            Console.WriteLine($"| {name} | {n / minutes:0} ({n} in the session) |");
        }

        var writes = counts.GetValueOrDefault("PutItem");
        Console.WriteLine($"| write units (every item is under 1 KB: 1 WCU per PutItem) | {writes / minutes:0} WCU/min |");
    }

    private static async Task ArchiveThroughputAsync(S3rver s3rver)
    {
        const int chunks = 2048; // 2048 × 32 000 bytes = 62.5 MiB of 48 kHz pcm16 (11 minutes)
        var chunk = TestAudio.Tone(48000, TimeSpan.FromMilliseconds(1000.0 / 3));
        var dir = Directory.CreateTempSubdirectory("lt-bench-s3-").FullName;
        try
        {
            var storage = Options.Create(new StorageOptions { DataDirectory = dir });
            var archiveOptions = Options.Create(new ArchiveOptions());
            var file = await TimeAsync(new FileAudioArchive(storage, archiveOptions), chunk, chunks);
            using var s3 = S3Client(s3rver);
            using var background = new S3BackgroundUploads(new ServiceCollection().BuildServiceProvider(), NullLogger<S3BackgroundUploads>.Instance);
            var s3Archive = new S3AudioArchive(s3, Options.Create(new S3ArchiveOptions { Bucket = s3rver.Bucket, UseChunkEncoding = false, CopyObjectSupported = false, ForcePathStyle = true, CompleteTimeout = TimeSpan.FromMinutes(5) }),
                storage, archiveOptions, background, NullLogger<S3AudioArchive>.Instance);
            var viaS3 = await TimeAsync(s3Archive, chunk, chunks);
            var mib = chunks * (double)chunk.Length / 1048576;
            Console.WriteLine("| archive throughput, 48 kHz pcm16, 32 KB chunks | MiB/s | append p50 | until the object exists |");
            Console.WriteLine("|---|---|---|---|");
            Console.WriteLine($"| file archive (baseline) | {mib / file.Total.TotalSeconds:0} | {file.AppendP50:0.000} ms | {file.Total.TotalSeconds:0.00} s |");
            Console.WriteLine($"| S3 archive: spool + multipart to s3rver (8 MiB parts) | {mib / viaS3.Total.TotalSeconds:0} | {viaS3.AppendP50:0.000} ms | {viaS3.Total.TotalSeconds:0.00} s ({viaS3.Total / file.Total:0.0}× the file archive) |");
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    private static async Task<(TimeSpan Total, double AppendP50)> TimeAsync(IAudioArchive archive, byte[] chunk, int chunks)
    {
        var appends = new List<double>(chunks);
        var total = Stopwatch.StartNew();
        var writer = await archive.CreateAsync(new ArchiveRequest(SessionIds.New(), "bench", DateTimeOffset.UtcNow, 48000, AudioEncodings.Pcm16, 1), CancellationToken.None);
        for (var i = 0; i < chunks; i++)
        {
            var t = Stopwatch.GetTimestamp();
            await writer.AppendAsync(ArchiveChunk.Pcm16(chunk), CancellationToken.None);
            appends.Add(Stats.Ms(Stopwatch.GetTimestamp() - t));
        }

        await writer.CompleteAsync(CancellationToken.None);
        await writer.DisposeAsync();
        return (total.Elapsed, Stats.Percentile(appends, 50));
    }

    private static AmazonS3Client S3Client(S3rver s3rver) => new(
        new BasicAWSCredentials(S3rver.AccessKey, S3rver.SecretKey),
        new AmazonS3Config { ServiceURL = s3rver.ServiceUrl, ForcePathStyle = true, AuthenticationRegion = "us-east-1" });
}
