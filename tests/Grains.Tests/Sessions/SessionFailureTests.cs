using LiveTranscription.Grains.Abstractions.Protocol;
using LiveTranscription.Grains.Abstractions.Sessions;
using LiveTranscription.Grains.Records;
using LiveTranscription.TestKit;

namespace LiveTranscription.Grains.Tests.Sessions;

/// <summary>Engines that fail or hang, and what the session does about it.</summary>
public sealed class SessionFailureTests
{
    private static readonly TimeSpan Wait = SessionHarness.Wait;
    private static readonly byte[] Chunk = TestAudio.Tone(16000, SessionHarness.Chunk);

    private static SessionHarness Harness(Dictionary<string, string?>? settings = null) => new(settings, services =>
    {
        FaultyEngine.Register(services);
        StalledEngine.Register(services);
    });

    private static async Task<(ISessionGrain Grain, RecordingObserver Observer, ClientRef Speaker)> StartAsync(SessionHarness h, string engine)
    {
        var grain = h.Session(SessionIds.New());
        var observer = new RecordingObserver();
        await grain.SubscribeAsync("sub", observer).WaitAsync(Wait);
        await grain.StartAsync(SessionHarness.Command(SessionHarness.Client()) with { Engine = engine }).WaitAsync(Wait);
        return (grain, observer, SessionHarness.Client());
    }

    [Fact]
    public async Task AnEngineThatCrashesMidSession_EndsItFailed_WithAnError_AndFreesTheSlot()
    {
        await using var h = Harness(new() { ["Silo:MaxActiveSessions"] = "1" });
        h.ExpectedErrors.Add("EngineFailed");
        var (grain, observer, speaker) = await StartAsync(h, FaultyEngine.Name);
        FaultyEngine.Of(h).FailOnAudio = true;

        await grain.SendAudioAsync(speaker, 0, Chunk).WaitAsync(Wait);
        var complete = (SessionComplete)(await observer.WaitForAsync("sessionComplete")).Payload;

        Assert.Equal((SessionState.Failed, "speech engine failed"), (complete.State, complete.Reason));
        Assert.Single(observer.Payloads<ErrorEvent>("error"), e => e.ErrorCode == ErrorCode.TranscribeServiceError);
        FaultyEngine.Of(h).FailOnAudio = false;
        await StartAsync(h, FaultyEngine.Name); // the capacity slot was released
    }

    [Fact]
    public async Task AnEngineThatCrashesWhileFlushing_MakesTheEndFailed_NotSilentlyCompleted()
    {
        await using var h = Harness();
        h.ExpectedErrors.Add("EngineFailed");
        var (grain, observer, speaker) = await StartAsync(h, FaultyEngine.Name);
        await grain.SendAudioAsync(speaker, 0, Chunk).WaitAsync(Wait);
        FaultyEngine.Of(h).FailOnFlush = true;

        var complete = await grain.EndAsync(speaker).WaitAsync(Wait);

        Assert.Equal((SessionState.Failed, "speech engine failed"), (complete.State, complete.Reason));
        Assert.Contains(observer.Payloads<ErrorEvent>("error"), e => e.ErrorCode == ErrorCode.TranscribeServiceError);
        Assert.Equal(SessionRecordStatus.Failed, (await h.Store.GetRecordAsync((await grain.GetStatusAsync()).SessionId, CancellationToken.None))!.Status);
    }

    [Fact]
    public async Task AnEngineThatHangs_CannotHangTheEnd_OrKeepTheSlot()
    {
        await using var h = Harness(new() { ["Sessions:FlushTimeout"] = "00:00:01", ["Silo:MaxActiveSessions"] = "1" });
        h.ExpectedErrors.Add("EngineAbandoned");
        var (grain, _, speaker) = await StartAsync(h, StalledEngine.Name);
        try
        {
            await grain.SendAudioAsync(speaker, 0, Chunk).WaitAsync(Wait); // the engine thread is now stuck on it

            var complete = await grain.EndAsync(speaker).WaitAsync(Wait);

            Assert.Equal((SessionState.Failed, "speech engine did not finish the audio"), (complete.State, complete.Reason));
            Assert.Contains(h.Errors.Errors, e => e.Contains("EngineAbandoned", StringComparison.Ordinal));
            await StartAsync(h, FaultyEngine.Name); // the slot is free
        }
        finally
        {
            StalledEngine.Release(h);
        }
    }

    [Fact]
    public async Task AStartThatFailedForAPassingReason_CanBeRetriedWithTheSameId()
    {
        await using var h = Harness();
        h.ExpectedErrors.Add("EngineStartFailed");
        FaultyEngine.Of(h).FailStarts = 1;
        var grain = h.Session(SessionIds.New());
        var command = SessionHarness.Command(SessionHarness.Client()) with { Engine = FaultyEngine.Name };

        var failed = await Assert.ThrowsAsync<SessionException>(() => grain.StartAsync(command)).WaitAsync(Wait);
        var retried = (await grain.StartAsync(command).WaitAsync(Wait)).Ack;

        Assert.Equal(ErrorCode.TranscribeServiceError, failed.Code);
        Assert.True(failed.Recoverable);
        Assert.Equal(SessionState.Active, retried.State);
        Assert.Equal(0, (await grain.SendAudioAsync(SessionHarness.Client(), 0, Chunk).WaitAsync(Wait)).Sequence);
    }

    [Fact]
    public async Task AudioSentWhilePaused_DoesNotKeepTheSessionAliveBeyondTheIdleTimeout()
    {
        await using var h = Harness();
        var s = await h.StartAsync();
        await s.Grain.PauseAsync(s.Speaker).WaitAsync(Wait);

        for (var minute = 0; minute < 5; minute++)
        {
            await s.SendToneAsync(0.1);
            h.Time.Advance(TimeSpan.FromMinutes(1));
        }

        var complete = (SessionComplete)(await s.Observer.WaitForAsync("sessionComplete")).Payload;
        Assert.Equal("idle timeout", complete.Reason);
    }
}
