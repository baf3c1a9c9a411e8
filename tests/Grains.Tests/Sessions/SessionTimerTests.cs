using LiveTranscription.Grains.Abstractions.Protocol;
using LiveTranscription.Grains.Abstractions.Sessions;
using LiveTranscription.Grains.Records;

namespace LiveTranscription.Grains.Tests.Sessions;

/// <summary>Lifecycle timers on a manual clock.</summary>
public sealed class SessionTimerTests
{
    private static readonly TimeSpan Wait = SessionHarness.Wait;

    [Fact]
    public async Task HeartbeatGoesToEveryone_AndStatusToTheSpeaker_Every30Seconds()
    {
        await using var h = new SessionHarness();
        var s = await h.StartAsync();

        h.Time.Advance(TimeSpan.FromSeconds(29));
        await s.Grain.GetStatusAsync().WaitAsync(Wait);
        Assert.Empty(s.Observer.Payloads<Heartbeat>("heartbeat"));
        h.Time.Advance(TimeSpan.FromSeconds(1));
        await s.Grain.GetStatusAsync().WaitAsync(Wait);
        h.Time.Advance(TimeSpan.FromSeconds(30));
        await s.Grain.GetStatusAsync().WaitAsync(Wait);

        var heartbeats = s.Observer.Notifications.Where(n => n.Method == "heartbeat").ToList();
        var statuses = s.Observer.Notifications.Where(n => n.Method == "sessionStatus").ToList();
        Assert.Equal(2, heartbeats.Count);
        Assert.All(heartbeats, n => Assert.Equal(Audience.Everyone, n.Audience));
        Assert.Equal(2, statuses.Count);
        Assert.All(statuses, n => Assert.Equal((Audience.Speaker, s.Speaker), (n.Audience, n.Target)));
    }

    [Fact]
    public async Task WithoutAudioForTheIdleTimeout_TheSessionTimesOutAndCompletes()
    {
        await using var h = new SessionHarness();
        var s = await h.StartAsync();
        await s.SendToneAsync(2.0);

        h.Time.Advance(TimeSpan.FromMinutes(4));
        await s.SendToneAsync(0.1);                 // audio re-arms the idle timer
        h.Time.Advance(TimeSpan.FromMinutes(4));
        Assert.Equal(SessionState.Active, (await s.Grain.GetStatusAsync().WaitAsync(Wait)).State);
        h.Time.Advance(TimeSpan.FromMinutes(1));

        var timeout = await s.Observer.WaitForAsync(n => n.Method == "error");
        var complete = (SessionComplete)(await s.Observer.WaitForAsync("sessionComplete")).Payload;
        Assert.Equal(ErrorCode.SessionTimeout, ((ErrorEvent)timeout.Payload).ErrorCode);
        Assert.Equal(Audience.Speaker, timeout.Audience);
        Assert.Equal((SessionState.Completed, "idle timeout"), (complete.State, complete.Reason));
        Assert.Equal([0L, 1L], s.Finals.Select(f => f.SegmentId)); // the last 0.1 s was flushed into a final, not lost
    }

    [Fact]
    public async Task AtTheMaximumDuration_BufferOverflowIsSent_AndTheSessionEnds()
    {
        await using var h = new SessionHarness(new() { ["Sessions:MaxDuration"] = "00:00:02" });
        var s = await h.StartAsync();

        await s.SendToneAsync(2.0);
        var complete = (SessionComplete)(await s.Observer.WaitForAsync("sessionComplete")).Payload;
        var more = await s.ErrorOfAsync(() => s.Grain.SendAudioAsync(s.Speaker, 20, new byte[3200]));

        var error = s.Observer.Payloads<ErrorEvent>("error").Single();
        Assert.Equal((ErrorCode.BufferOverflow, "Maximum recording duration reached", false), (error.ErrorCode, error.Message, error.Recoverable));
        Assert.Equal(2.0, complete.TotalDuration, 3);
        Assert.Equal(ErrorCode.InvalidSessionState, more.Code);
    }

    [Fact]
    public async Task ASpeakerWhoResumesWithinTheGrace_KeepsTheSession_OneWhoDoesNotFailsIt_TranscriptKept()
    {
        await using var h = new SessionHarness();
        var s = await h.StartAsync();
        await s.SendToneAsync(2.0);

        await s.Grain.ClientDisconnectedAsync(s.Speaker).WaitAsync(Wait);
        h.Time.Advance(TimeSpan.FromSeconds(29));
        var back = SessionHarness.Client("c2");
        var resumed = (await s.Grain.StartAsync(SessionHarness.Command(back, resumeToken: s.Ack.ResumeToken)).WaitAsync(Wait)).Ack;
        h.Time.Advance(TimeSpan.FromSeconds(5));
        Assert.Equal(SessionState.Active, (await s.Grain.GetStatusAsync().WaitAsync(Wait)).State);
        Assert.Equal(19, resumed.LastSequence);

        await s.Grain.ClientDisconnectedAsync(back).WaitAsync(Wait);
        h.Time.Advance(TimeSpan.FromSeconds(30));
        var complete = (SessionComplete)(await s.Observer.WaitForAsync("sessionComplete")).Payload;

        Assert.Equal((SessionState.Failed, "speaker did not reconnect"), (complete.State, complete.Reason));
        var record = (await h.Store.GetRecordAsync(s.Id, CancellationToken.None))!;
        Assert.Equal(SessionRecordStatus.Failed, record.Status);
        Assert.Single(await h.Store.GetSegmentsAsync(s.Id, CancellationToken.None));
    }

    [Fact]
    public async Task ListenerChanges_PushStatusToTheSpeaker_OnlyWhenSignificant()
    {
        await using var h = new SessionHarness();
        var s = await h.StartAsync();
        int Statuses() => s.Observer.Notifications.Count(n => n.Method == "sessionStatus");

        var join = (await s.Grain.JoinAsync(SessionHarness.Client("l0"), null).WaitAsync(Wait)).Ack; // 0 → 1
        Assert.Equal(1, Statuses());
        for (var i = 1; i < 10; i++)
        {
            await s.Grain.JoinAsync(SessionHarness.Client($"l{i}"), "en-US").WaitAsync(Wait);
        }

        var afterTen = Statuses();
        await s.Grain.JoinAsync(SessionHarness.Client("l10"), "en-US").WaitAsync(Wait); // 10 → 11: 10 %, not more
        var afterEleven = Statuses();
        await s.Grain.JoinAsync(SessionHarness.Client("l11"), "de-DE").WaitAsync(Wait); // a new language
        var status = await s.Grain.GetStatusAsync().WaitAsync(Wait);

        Assert.Equal("en-US", join.LanguageCode);
        Assert.Equal(afterTen, afterEleven);
        Assert.Equal(afterEleven + 1, Statuses());
        Assert.Equal(12, status.ListenerCount);
        Assert.Equal(1, status.ListenersByLanguage["de-DE"]);
    }
}
