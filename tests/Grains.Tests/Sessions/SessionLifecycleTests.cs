using LiveTranscription.Grains.Abstractions.Protocol;
using LiveTranscription.Grains.Records;
using LiveTranscription.TestKit;

namespace LiveTranscription.Grains.Tests.Sessions;

public sealed class SessionLifecycleTests
{
    private static readonly TimeSpan Wait = SessionHarness.Wait;

    [Fact]
    public async Task ASession_TranscribesArchivesAndCompletes()
    {
        await using var h = new SessionHarness();
        var s = await h.StartAsync();
        var audio = TestAudio.Tone(16000, TimeSpan.FromSeconds(4.2));

        var ack = await s.SendAsync(audio);
        var complete = await s.Grain.EndAsync(s.Speaker).WaitAsync(Wait);

        Assert.Equal(41, ack.Sequence);
        Assert.Equal(SessionState.Completed, complete.State);
        Assert.Equal(4.2, complete.TotalDuration, 3);
        Assert.Equal([0L, 1L, 2L], s.Finals.Select(f => f.SegmentId)); // 2 s utterances; the last, short one is flushed at the end
        Assert.Equal(s.Finals.Sum(f => f.Text.Split(' ').Length), complete.WordCount);
        Assert.Equal(
            [SessionState.Starting, SessionState.Active, SessionState.Ending, SessionState.Completed],
            s.Observer.Payloads<SessionStateEvent>("sessionState").Select(e => e.State));
        await s.Observer.WaitForAsync("sessionComplete");

        var record = (await h.Store.GetRecordAsync(s.Id, CancellationToken.None))!;
        Assert.Equal(SessionRecordStatus.Completed, record.Status);
        Assert.Equal(complete.WordCount, record.WordCount);
        Assert.Equal(complete.AudioKey, record.AudioKey);
        Assert.Equal(s.Finals.Select(f => f.Text), (await h.Store.GetSegmentsAsync(s.Id, CancellationToken.None)).Select(x => x.Text));
        Assert.Equal(audio, TestAudio.DataChunk(await File.ReadAllBytesAsync(Path.Combine(h.DataDirectory, complete.AudioKey!), TestContext.Current.CancellationToken)));
    }

    [Fact]
    public async Task StartingAgainFromTheSameConnection_ReturnsTheSameSession()
    {
        await using var h = new SessionHarness();
        var s = await h.StartAsync();
        await s.SendToneAsync(0.3);

        var again = (await s.Grain.StartAsync(SessionHarness.Command(s.Speaker)).WaitAsync(Wait)).Ack;

        Assert.Equal(s.Ack.JobId, again.JobId);
        Assert.Equal(s.Ack.ResumeToken, again.ResumeToken);
        Assert.Equal(2, again.LastSequence);
        Assert.False(again.Resumed);
    }

    [Fact]
    public async Task AnotherConnection_NeedsTheResumeToken_AndThenOwnsTheSession()
    {
        await using var h = new SessionHarness();
        var s = await h.StartAsync();
        await s.SendToneAsync(2.5);
        await s.Observer.WaitForAsync(n => n.Payload is TranscriptEvent { IsPartial: false }); // the engine runs on its own thread
        var newConnection = SessionHarness.Client("c2");

        var stranger = await s.ErrorOfAsync(() => s.Grain.StartAsync(SessionHarness.Command(newConnection, resumeToken: "guess")));
        var resumed = (await s.Grain.StartAsync(SessionHarness.Command(newConnection, resumeToken: s.Ack.ResumeToken)).WaitAsync(Wait)).Ack;
        var oldOwner = await s.ErrorOfAsync(() => s.Grain.SendAudioAsync(s.Speaker, 25, TestAudio.Tone(16000, SessionHarness.Chunk)));

        Assert.Equal(ErrorCode.NotSessionOwner, stranger.Code);
        Assert.True(resumed.Resumed);
        Assert.Equal(24, resumed.LastSequence);
        // The speaker's view catches up: the ack carries the finals so far (more may follow as events).
        Assert.NotEmpty(resumed.Finals);
        Assert.Equal(resumed.Finals.Select(f => f.Text), s.Finals.Take(resumed.Finals.Count).Select(f => f.Text));
        Assert.Equal(ErrorCode.NotSessionOwner, oldOwner.Code);
        Assert.Equal(25, (await s.Grain.SendAudioAsync(newConnection, 25, TestAudio.Tone(16000, SessionHarness.Chunk)).WaitAsync(Wait)).Sequence);
    }

    [Fact]
    public async Task Pause_DiscardsAudioUntilResume_AndTheTranscriptContinues()
    {
        await using var h = new SessionHarness();
        var s = await h.StartAsync();
        await s.SendToneAsync(1.0, seed: 1);                 // half an utterance
        await s.Grain.PauseAsync(s.Speaker).WaitAsync(Wait);
        await s.Grain.PauseAsync(s.Speaker).WaitAsync(Wait); // idempotent
        var pausedAck = await s.SendToneAsync(1.0, seed: 2); // acknowledged, off the record
        await s.Grain.ResumeAsync(s.Speaker).WaitAsync(Wait);
        await s.SendToneAsync(2.0, seed: 3);
        var complete = await s.Grain.EndAsync(s.Speaker).WaitAsync(Wait);

        Assert.Equal(19, pausedAck.Sequence);
        Assert.Equal(3.0, complete.TotalDuration, 3);        // the paused second is neither archived nor counted
        Assert.Equal([0L, 1L], s.Finals.Select(f => f.SegmentId));
        Assert.Equal(2, s.Finals[0].Text.Split(' ').Length); // pause closed the utterance after two words
        Assert.Contains(s.Observer.Payloads<SessionStateEvent>("sessionState"), e => e.State == SessionState.Paused);
    }

    [Fact]
    public async Task EndingTwice_ReturnsTheSameCompletion()
    {
        await using var h = new SessionHarness();
        var s = await h.StartAsync();
        await s.SendToneAsync(0.5);

        var first = s.Grain.EndAsync(s.Speaker);
        var second = s.Grain.EndAsync(s.Speaker);

        Assert.Equal((await first.WaitAsync(Wait)).TranscriptionId, (await second.WaitAsync(Wait)).TranscriptionId);
        Assert.Single(s.Observer.Payloads<SessionComplete>("sessionComplete"));
    }

    [Fact]
    public async Task AFinishedSession_IsServedFromTheStore_AfterItsActivationIsGone()
    {
        await using var h = new SessionHarness();
        var s = await h.StartAsync();
        await s.SendToneAsync(2.0);
        await s.Grain.EndAsync(s.Speaker).WaitAsync(Wait);

        h.Time.Advance(TimeSpan.FromMinutes(3)); // past RetainAfterEnd: the activation retires
        await Task.Delay(200, TestContext.Current.CancellationToken);
        var join = (await s.Grain.JoinAsync(SessionHarness.Client("late"), null).WaitAsync(Wait)).Ack;
        var restart = await s.ErrorOfAsync(() => s.Grain.StartAsync(SessionHarness.Command(s.Speaker)));

        Assert.Equal(SessionState.Completed, join.State);
        Assert.Equal(s.Finals.Select(f => f.Text), join.Finals.Select(f => f.Text));
        Assert.Equal(ErrorCode.InvalidSessionState, restart.Code);
    }

    [Fact]
    public async Task TheOpenSegmentsPartial_IsKeptInTheRecord_UntilItBecomesFinal()
    {
        await using var h = new SessionHarness();
        var s = await h.StartAsync();
        await s.SendToneAsync(1.0); // two synthetic words: a partial, no final yet

        await WaitUntilAsync(async () => (await h.Store.GetRecordAsync(s.Id, CancellationToken.None))?.Partial is not null);
        var partial = (await h.Store.GetRecordAsync(s.Id, CancellationToken.None))!.Partial!;
        await s.SendToneAsync(1.5, seed: 2); // the utterance's last words: a final
        await WaitUntilAsync(async () => (await h.Store.GetSegmentsAsync(s.Id, CancellationToken.None)).Count == 1);
        await s.Grain.EndAsync(s.Speaker).WaitAsync(Wait);

        Assert.Equal(0, partial.SegmentId);
        Assert.NotEmpty(partial.Text);
        Assert.Null((await h.Store.GetRecordAsync(s.Id, CancellationToken.None))!.Partial);
    }

    [Fact]
    public async Task ASessionLeftInProgress_ByADeadProcess_IsMarkedFailed_WithItsTranscript()
    {
        await using var h = new SessionHarness();
        var id = LiveTranscription.Grains.Abstractions.Sessions.SessionIds.New();
        await h.Store.PutRecordAsync(new SessionRecord
        {
            SessionId = id, UserId = "u", Status = SessionRecordStatus.InProgress, CreatedAt = h.Time.GetUtcNow(), UpdatedAt = h.Time.GetUtcNow(),
            SampleRate = 16000, Quality = "medium", Encoding = "pcm16", LanguageCode = "en-US", Engine = "synthetic", TranscriptionId = "t",
            DurationSeconds = 3, WordCount = 2, SegmentCount = 1, LastSequence = 29, Epoch = 0,
            Partial = new TranscriptSegment(1, "last partial", 1, 2, 0, h.Time.GetUtcNow()),
        }, CancellationToken.None);
        await h.Store.AppendSegmentAsync(id, 0, new TranscriptSegment(0, "kept words", 0, 1, 1, h.Time.GetUtcNow()), CancellationToken.None);

        var status = await h.Session(id).GetStatusAsync().WaitAsync(Wait);
        var join = (await h.Session(id).JoinAsync(SessionHarness.Client(), null).WaitAsync(Wait)).Ack;

        Assert.Equal(SessionState.Failed, status.State);
        Assert.Equal(["kept words", "last partial"], join.Finals.Select(f => f.Text)); // the stored partial became the last final
        await WaitUntilAsync(async () => (await h.Store.GetRecordAsync(id, CancellationToken.None))!.Status == SessionRecordStatus.Failed);
        await WaitUntilAsync(async () => (await h.Store.GetSegmentsAsync(id, CancellationToken.None)).Count == 2);
    }

    private static async Task WaitUntilAsync(Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow + Wait;
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "condition not met in time");
            await Task.Delay(20);
        }
    }
}
