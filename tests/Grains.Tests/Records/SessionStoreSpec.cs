using LiveTranscription.Grains.Abstractions.Sessions;
using LiveTranscription.Grains.Records;

namespace LiveTranscription.Grains.Tests.Records;

/// <summary>
/// What every <see cref="ISessionStore"/> must do. Each implementation (files now, DynamoDB later)
/// runs these same tests through a subclass.
/// </summary>
public abstract class SessionStoreSpec
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 20, 9, 0, 0, TimeSpan.Zero);

    protected abstract ISessionStore Store { get; }

    protected static SessionRecord Record(string id, long epoch, SessionRecordStatus status = SessionRecordStatus.InProgress) => new()
    {
        SessionId = id,
        UserId = "user-1",
        Status = status,
        CreatedAt = T0,
        UpdatedAt = T0.AddSeconds(epoch),
        SampleRate = 16000,
        Quality = "medium",
        Encoding = "pcm16",
        LanguageCode = "en-US",
        Engine = "synthetic",
        TranscriptionId = "job-1",
        DurationSeconds = 1.5,
        WordCount = 3,
        SegmentCount = 1,
        LastSequence = 14,
        Epoch = epoch,
    };

    private static TranscriptSegment Segment(long id, string text) => new(id, text, id, id + 0.5, 0.9, T0);

    [Fact]
    public async Task ARecord_ReadsBackAsWritten()
    {
        var id = SessionIds.New();
        var record = Record(id, 1);
        await Store.PutRecordAsync(record, CancellationToken.None);
        Assert.Equal(record, await Store.GetRecordAsync(id, CancellationToken.None));
        var withPartial = Record(id, 1) with { Partial = Segment(3, "he reports chest") };
        await Store.PutRecordAsync(withPartial, CancellationToken.None);
        Assert.Equal(withPartial, await Store.GetRecordAsync(id, CancellationToken.None));
        Assert.Null(await Store.GetRecordAsync(SessionIds.New(), CancellationToken.None));
    }

    [Fact]
    public async Task Segments_ReadBackInOrder_AndARetriedAppendIsIgnored()
    {
        var id = SessionIds.New();
        await Store.PutRecordAsync(Record(id, 1), CancellationToken.None);
        await Store.AppendSegmentAsync(id, 1, Segment(0, "first"), CancellationToken.None);
        await Store.AppendSegmentAsync(id, 1, Segment(1, "second"), CancellationToken.None);
        await Store.AppendSegmentAsync(id, 1, Segment(1, "second"), CancellationToken.None);

        var segments = await Store.GetSegmentsAsync(id, CancellationToken.None);
        Assert.Equal(["first", "second"], segments.Select(s => s.Text));
    }

    [Fact]
    public async Task AnOlderEpoch_CannotOverwriteANewerOwnersRecordOrAppend()
    {
        var id = SessionIds.New();
        await Store.PutRecordAsync(Record(id, 5), CancellationToken.None);

        await Assert.ThrowsAsync<StaleEpochException>(() => Store.PutRecordAsync(Record(id, 4, SessionRecordStatus.Failed), CancellationToken.None));
        await Assert.ThrowsAsync<StaleEpochException>(() => Store.AppendSegmentAsync(id, 4, Segment(0, "stale"), CancellationToken.None));

        Assert.Equal(SessionRecordStatus.InProgress, (await Store.GetRecordAsync(id, CancellationToken.None))!.Status);
        Assert.Empty(await Store.GetSegmentsAsync(id, CancellationToken.None));
        await Store.PutRecordAsync(Record(id, 6, SessionRecordStatus.Completed), CancellationToken.None); // newer wins
    }

    [Fact]
    public async Task AUsersSessions_ListNewestFirst_APageAtATime()
    {
        var user = "user-" + Guid.NewGuid().ToString("N");
        var ids = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            var id = SessionIds.New();
            ids.Add(id);
            await Store.PutRecordAsync(Record(id, 1) with { UserId = user, CreatedAt = T0.AddMinutes(i) }, CancellationToken.None);
        }

        await Store.PutRecordAsync(Record(SessionIds.New(), 1) with { UserId = user + "-other", CreatedAt = T0.AddMinutes(2.5) }, CancellationToken.None);

        var listed = new List<string>();
        string? token = null;
        var pages = 0;
        do
        {
            var page = await Store.ListUserSessionsAsync(user, 2, token, CancellationToken.None);
            Assert.True(page.Sessions.Count <= 2);
            listed.AddRange(page.Sessions.Select(r => r.SessionId));
            token = page.NextPageToken;
            pages++;
        }
        while (token is not null && pages < 10);

        Assert.Equal(Enumerable.Reverse(ids), listed);
        Assert.Equal(3, pages);
        Assert.Empty((await Store.ListUserSessionsAsync("nobody-" + Guid.NewGuid().ToString("N"), 2, null, CancellationToken.None)).Sessions);
    }
}
