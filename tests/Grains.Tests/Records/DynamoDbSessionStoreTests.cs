using Amazon.DynamoDBv2;
using Amazon.Runtime;
using LiveTranscription.Grains.Abstractions.Sessions;
using LiveTranscription.Grains.Records;
using LiveTranscription.Grains.Records.DynamoDb;
using LiveTranscription.TestKit;

namespace LiveTranscription.Grains.Tests.Records;

/// <summary>dynalite (the DynamoDB API on loopback) for the DynamoDB store tests; one process for the class.</summary>
public sealed class DynaliteFixture : IAsyncLifetime
{
    public Dynalite Server { get; private set; } = null!;

    public DynamoDbStoreOptions Options { get; } = new() { CreateTablesIfMissing = true };

    public AmazonDynamoDBClient Client { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        Server = await Dynalite.StartAsync();
        Options.ServiceUrl = Server.ServiceUrl;
        Client = new AmazonDynamoDBClient(new BasicAWSCredentials("local", "local"), new AmazonDynamoDBConfig { ServiceURL = Server.ServiceUrl, AuthenticationRegion = "us-east-1" });
        await new DynamoDbSessionStore(Client, Options).EnsureTablesAsync(CancellationToken.None);
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await Server.DisposeAsync();
    }
}

/// <summary>The store spec against DynamoDB's API (dynalite), plus what only this store has.</summary>
public sealed class DynamoDbSessionStoreTests(DynaliteFixture dynamo) : SessionStoreSpec, IClassFixture<DynaliteFixture>
{
    private readonly DynamoDbSessionStore _store = new(dynamo.Client, dynamo.Options);

    protected override ISessionStore Store => _store;

    [Fact]
    public async Task InEmbeddedMode_LocalMarkers_ListTheSessionsInProgress_AndStaleOnesAreDropped()
    {
        var dir = System.IO.Directory.CreateTempSubdirectory("lt-markers-").FullName;
        try
        {
            var marked = new MarkedSessionStore(_store, new InProgressMarkers(dir));
            var (live, done, stale) = (SessionIds.New(), SessionIds.New(), SessionIds.New());
            await marked.PutRecordAsync(Record(live, 1), CancellationToken.None);
            await marked.PutRecordAsync(Record(done, 1), CancellationToken.None);
            await marked.PutRecordAsync(Record(done, 1, SessionRecordStatus.Completed), CancellationToken.None);
            await File.WriteAllBytesAsync(Path.Combine(dir, stale), [], TestContext.Current.CancellationToken); // crash before its record

            Assert.Equal([live], await marked.InProgressSessionIdsAsync(CancellationToken.None));
            Assert.Equal([live], System.IO.Directory.GetFiles(dir).Select(Path.GetFileName));
        }
        finally
        {
            System.IO.Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public async Task ANewerOwnersSegment_ReplacesOneAStaleOwnerSlippedIn()
    {
        var id = SessionIds.New();
        await _store.PutRecordAsync(Record(id, 1), CancellationToken.None);
        await _store.AppendSegmentAsync(id, 1, new TranscriptSegment(0, "old owner", 0, 1, 0.5, DateTimeOffset.UnixEpoch), CancellationToken.None);
        await _store.PutRecordAsync(Record(id, 2), CancellationToken.None); // takeover

        await _store.AppendSegmentAsync(id, 2, new TranscriptSegment(0, "new owner", 0, 1, 0.9, DateTimeOffset.UnixEpoch), CancellationToken.None);

        Assert.Equal("new owner", Assert.Single(await _store.GetSegmentsAsync(id, CancellationToken.None)).Text);
    }

    [Fact]
    public async Task ManySegments_ReadBackInOrder_AcrossQueryPages()
    {
        var id = SessionIds.New();
        await _store.PutRecordAsync(Record(id, 1), CancellationToken.None);
        var text = new string('w', 4000); // ~4 KB each: 300 of them exceed one 1 MB query page
        for (var i = 0; i < 300; i++)
        {
            await _store.AppendSegmentAsync(id, 1, new TranscriptSegment(i, $"{i} {text}", i, i + 1, 0.9, DateTimeOffset.UnixEpoch), CancellationToken.None);
        }

        var segments = await _store.GetSegmentsAsync(id, CancellationToken.None);

        Assert.Equal(Enumerable.Range(0, 300).Select(i => (long)i), segments.Select(s => s.SegmentId));
    }
}
