using LiveTranscription.Grains.Abstractions.Protocol;
using LiveTranscription.Grains.Records;
using LiveTranscription.TestKit;
using static LiveTranscription.Grains.Tests.Sessions.SessionHarness;

namespace LiveTranscription.Grains.Tests.Sessions;

/// <summary>The grain's side of a session moving between silos (cluster mode); the processes are in tests/e2e/cluster.test.mjs.</summary>
public sealed class SessionTakeoverTests
{
    [Fact]
    public async Task AResubscribingGateway_GetsTheFinalsItMissed_ThenOnlyNewOnes()
    {
        await using var h = new SessionHarness();
        var s = await h.StartAsync();
        await s.SendToneAsync(4.2);
        await WaitUntilAsync(() => s.Finals.Count >= 2);

        var back = new RecordingObserver();
        await s.Grain.SubscribeAsync("sub-back", back, lastFinalSeen: 0).WaitAsync(Wait);
        await s.Grain.EndAsync(s.Speaker).WaitAsync(Wait);

        var seen = back.Payloads<TranscriptEvent>("transcript").Where(t => !t.IsPartial).Select(t => t.SegmentId).ToList();
        Assert.Equal(s.Finals.Select(f => f.SegmentId).Where(id => id > 0), seen);
    }

    [Fact]
    public async Task ASessionInProgress_IsResumedByItsSuccessor_WithItsSpeakerFinalsAndSequence()
    {
        await using var h = new SessionHarness(new() { ["Sessions:ResumeInProgress"] = "true" });
        var id = LiveTranscription.Grains.Abstractions.Sessions.SessionIds.New();
        var speaker = Client("speaker-conn");
        var now = h.Time.GetUtcNow();
        await h.Store.PutRecordAsync(new SessionRecord
        {
            SessionId = id, UserId = speaker.UserId, Status = SessionRecordStatus.InProgress, CreatedAt = now, UpdatedAt = now,
            SampleRate = 16000, Quality = "medium", Encoding = "pcm16", LanguageCode = "en-US", Engine = "synthetic", TranscriptionId = "t",
            DurationSeconds = 3, WordCount = 2, SegmentCount = 1, LastSequence = 29, Epoch = 1, AudioKey = "audio/u/first.wav",
            Partial = new TranscriptSegment(1, "last partial", 1, 2, 0, now),
            Resume = new SessionResumeState("token-1", speaker.GatewayId, speaker.ConnectionId, Paused: false, ["audio/u/first.wav"], 0),
        }, CancellationToken.None);
        await h.Store.AppendSegmentAsync(id, 1, new TranscriptSegment(0, "kept words", 0, 1, 1, now), CancellationToken.None);

        var grain = h.Session(id);
        var observer = new RecordingObserver();
        await grain.SubscribeAsync("sub", observer, lastFinalSeen: 0).WaitAsync(Wait);
        var ack = await grain.SendAudioAsync(speaker, 30, TestAudio.Tone(16000, TimeSpan.FromMilliseconds(100))).WaitAsync(Wait);
        var status = await grain.GetStatusAsync().WaitAsync(Wait);

        Assert.Equal(30, ack.Sequence); // continues after the predecessor's last chunk
        Assert.Equal(SessionState.Active, status.State);
        Assert.Equal(3.1, status.DurationSeconds, 3);

        // The stored partial became a final; like every final it reaches readers once it is stored (asynchronously).
        await WaitUntilAsync(() => observer.Payloads<TranscriptEvent>("transcript").Any(t => t is { SegmentId: 1, IsPartial: false }));
        var resumed = await grain.StartAsync(Command(Client("new-conn"), resumeToken: "token-1")).WaitAsync(Wait);
        Assert.Equal(["kept words", "last partial"], resumed.Ack.Finals.Select(f => f.Text));

        SessionRecord? record = null;
        await WaitUntilAsync(async () =>
        {
            record = await h.Store.GetRecordAsync(id, CancellationToken.None);
            return record?.AudioKeys?.Count == 2;
        });
        Assert.True(record!.Epoch > 1, "the successor writes with a newer epoch");
        Assert.Equal(["audio/u/first.wav", "audio/u/first.2.wav"], record.AudioKeys);
    }

    private static Task WaitUntilAsync(Func<bool> condition) => WaitUntilAsync(() => Task.FromResult(condition()));

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
