using System.Collections.Concurrent;
using LiveTranscription.Grains.Abstractions.Sessions;
using LiveTranscription.Grains.Records;
using LiveTranscription.TestKit;
using Microsoft.Extensions.Logging.Abstractions;

namespace LiveTranscription.Grains.Tests.Records;

public sealed class SessionRecordWriterTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);
    private readonly ManualTimeProvider _time = new();
    private readonly FlakyStore _store = new();
    private readonly string _id = SessionIds.New();

    private SessionRecordWriter Writer(Action<Exception>? onFailing = null, Action? onRecovered = null) => new(
        _store, _id, 1, _time, NullLogger.Instance, TimeSpan.FromMinutes(10),
        onFenced: _ => { }, onFailing: onFailing ?? (_ => { }), onRecovered: onRecovered ?? (() => { }));

    private SessionRecord Record(int segments, SessionRecordStatus status = SessionRecordStatus.InProgress) => new()
    {
        SessionId = _id, UserId = "u", Status = status, CreatedAt = DateTimeOffset.UnixEpoch, UpdatedAt = DateTimeOffset.UnixEpoch,
        SampleRate = 16000, Quality = "medium", Encoding = "pcm16", LanguageCode = "en-US", Engine = "synthetic", TranscriptionId = "t",
        DurationSeconds = 0, WordCount = segments, SegmentCount = segments, LastSequence = 0, Epoch = 1,
    };

    private static TranscriptSegment Segment(long id) => new(id, $"s{id}", id, id + 1, 1, DateTimeOffset.UnixEpoch);

    [Fact]
    public async Task ARecordIsNeverWrittenAheadOfTheFinalsQueuedBeforeIt()
    {
        _store.Delay = TimeSpan.FromMilliseconds(2);
        await using var writer = Writer();
        for (var i = 0; i < 30; i++)
        {
            writer.AppendSegment(Segment(i));
            writer.PutRecord(Record(i + 1));
        }

        writer.PutRecord(Record(30, SessionRecordStatus.Completed));
        Assert.True(await writer.DrainAsync(Wait));

        var appended = 0;
        foreach (var op in _store.Log)
        {
            if (op.Segment is not null)
            {
                appended++;
            }
            else
            {
                Assert.True(op.Record!.SegmentCount <= appended, $"record with {op.Record.SegmentCount} segments written after {appended} appends");
            }
        }

        Assert.Equal(30, appended);
        Assert.Equal(SessionRecordStatus.Completed, _store.Log.Last().Record!.Status);
        Assert.True(_store.Log.Count(o => o.Record is not null) < 31, "superseded snapshots are skipped");
    }

    [Fact]
    public async Task WhileTheSessionRuns_AFailingStoreIsRetriedUntilItRecovers_InOrder()
    {
        var failing = 0;
        var recovered = 0;
        await using var writer = Writer(_ => Interlocked.Increment(ref failing), () => Interlocked.Increment(ref recovered));
        _store.Down = true;
        writer.AppendSegment(Segment(0));
        writer.AppendSegment(Segment(1));

        // Twenty minutes of outage: longer than the post-session retry limit, but the session is live.
        for (var i = 0; i < 80; i++)
        {
            await Task.Delay(5, TestContext.Current.CancellationToken);
            _time.Advance(TimeSpan.FromSeconds(15));
        }

        _store.Down = false;
        for (var i = 0; i < 10 && _store.Log.Count < 2; i++)
        {
            await Task.Delay(20, TestContext.Current.CancellationToken);
            _time.Advance(TimeSpan.FromSeconds(30));
        }

        Assert.Equal([0L, 1L], _store.Log.Select(o => o.Segment!.SegmentId));
        Assert.Equal((1, 1), (failing, recovered));
    }

    [Fact]
    public async Task AfterTheSessionEnded_RetryingStopsAtTheLimit()
    {
        await using var writer = Writer();
        _store.Down = true;
        writer.AppendSegment(Segment(0));
        writer.Complete();
        var drained = writer.DrainAsync(Wait);

        for (var i = 0; i < 60; i++)
        {
            await Task.Delay(5, TestContext.Current.CancellationToken);
            _time.Advance(TimeSpan.FromSeconds(15));
        }

        _store.Down = false;
        await Task.Delay(100, TestContext.Current.CancellationToken);
        Assert.Empty(_store.Log); // it gave up after 10 minutes
        Assert.False(await drained);
    }

    /// <summary>A store that can be down or slow (test double of an outage) and logs what it wrote.</summary>
    private sealed class FlakyStore : ISessionStore
    {
        public ConcurrentQueue<(TranscriptSegment? Segment, SessionRecord? Record)> Log { get; } = new();

        public volatile bool Down;

        public TimeSpan Delay { get; set; }

        public async Task PutRecordAsync(SessionRecord record, CancellationToken cancellationToken)
        {
            await WriteAsync(cancellationToken);
            Log.Enqueue((null, record));
        }

        public async Task AppendSegmentAsync(string sessionId, long epoch, TranscriptSegment segment, CancellationToken cancellationToken)
        {
            await WriteAsync(cancellationToken);
            Log.Enqueue((segment, null));
        }

        public Task<SessionRecord?> GetRecordAsync(string sessionId, CancellationToken cancellationToken) => Task.FromResult<SessionRecord?>(null);

        public Task<IReadOnlyList<TranscriptSegment>> GetSegmentsAsync(string sessionId, CancellationToken cancellationToken)
            => Task.FromResult<IReadOnlyList<TranscriptSegment>>([]);

        public Task<SessionPage> ListUserSessionsAsync(string userId, int limit, string? pageToken, CancellationToken cancellationToken)
            => Task.FromResult(new SessionPage([], null));

        private async Task WriteAsync(CancellationToken cancellationToken)
        {
            if (Down)
            {
                throw new IOException("store unavailable (test)");
            }

            if (Delay > TimeSpan.Zero)
            {
                await Task.Delay(Delay, cancellationToken);
            }
        }
    }
}
