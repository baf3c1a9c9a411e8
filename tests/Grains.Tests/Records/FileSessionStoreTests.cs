using LiveTranscription.Grains.Abstractions.Sessions;
using LiveTranscription.Grains.Records;
using LiveTranscription.Grains.Storage;
using Microsoft.Extensions.Options;

namespace LiveTranscription.Grains.Tests.Records;

public sealed class FileSessionStoreTests : SessionStoreSpec, IDisposable
{
    private readonly string _root = System.IO.Directory.CreateTempSubdirectory("lt-store-").FullName;
    private readonly FileSessionStore _store;

    public FileSessionStoreTests() => _store = new FileSessionStore(Options.Create(new StorageOptions { DataDirectory = _root }));

    protected override ISessionStore Store => _store;

    [Fact]
    public async Task ATornLastLine_FromACrashMidWrite_IsSkipped()
    {
        var id = SessionIds.New();
        await _store.PutRecordAsync(Record(id, 1), CancellationToken.None);
        await _store.AppendSegmentAsync(id, 1, new TranscriptSegment(0, "kept", 0, 1, 1, DateTimeOffset.UnixEpoch), CancellationToken.None);
        await File.AppendAllTextAsync(Path.Combine(_root, "sessions", id, "segments.jsonl"), "{\"segmentId\":1,\"te", TestContext.Current.CancellationToken);

        Assert.Equal("kept", Assert.Single(await _store.GetSegmentsAsync(id, CancellationToken.None)).Text);
    }

    [Fact]
    public async Task TheInProgressIndex_ListsExactlyTheSessionsWhoseRecordIsInProgress()
    {
        var live = SessionIds.New();
        var done = SessionIds.New();
        var stale = SessionIds.New();
        await _store.PutRecordAsync(Record(live, 1), CancellationToken.None);
        await _store.PutRecordAsync(Record(done, 1), CancellationToken.None);
        await _store.PutRecordAsync(Record(done, 1, SessionRecordStatus.Completed), CancellationToken.None);
        await File.WriteAllBytesAsync(Path.Combine(_root, "sessions", ".in-progress", stale), [], TestContext.Current.CancellationToken); // crash before its record

        Assert.Equal([live], await _store.InProgressSessionIdsAsync(CancellationToken.None));
        Assert.False(File.Exists(Path.Combine(_root, "sessions", ".in-progress", stale)));
    }

    [Theory]
    [InlineData("../../etc")]
    [InlineData("not-a-uuid")]
    public async Task NonUuidIds_NeverBecomePaths(string id)
        => await Assert.ThrowsAsync<ArgumentException>(() => _store.PutRecordAsync(Record(id, 1), CancellationToken.None));

    public void Dispose() => System.IO.Directory.Delete(_root, recursive: true);
}
