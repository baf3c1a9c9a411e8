using LiveTranscription.Grains.Abstractions.Protocol;
using LiveTranscription.Grains.Abstractions.Sessions;
using LiveTranscription.TestKit;

namespace LiveTranscription.Grains.Tests.Sessions;

/// <summary>Bad input gets its error code, loses nothing, and never disturbs another session.</summary>
public sealed class SessionErrorTests
{
    private static readonly TimeSpan Wait = SessionHarness.Wait;
    private static readonly byte[] Chunk = TestAudio.Tone(16000, SessionHarness.Chunk);

    [Fact]
    public async Task BadChunks_AreRejected_WithoutConsumingTheirSequence()
    {
        await using var h = new SessionHarness();
        var s = await h.StartAsync();
        await s.SendToneAsync(0.2); // sequences 0, 1

        var odd = await s.ErrorOfAsync(() => s.Grain.SendAudioAsync(s.Speaker, 2, new byte[3201]));
        var big = await s.ErrorOfAsync(() => s.Grain.SendAudioAsync(s.Speaker, 2, new byte[32770]));
        var tiny = await s.ErrorOfAsync(() => s.Grain.SendAudioAsync(s.Speaker, 2, new byte[100]));
        var empty = await s.ErrorOfAsync(() => s.Grain.SendAudioAsync(s.Speaker, 2, []));
        var gap = await s.ErrorOfAsync(() => s.Grain.SendAudioAsync(s.Speaker, 7, Chunk));
        var replay = await s.Grain.SendAudioAsync(s.Speaker, 0, TestAudio.Tone(16000, SessionHarness.Chunk, seed: 9)).WaitAsync(Wait);
        var next = await s.Grain.SendAudioAsync(s.Speaker, 2, Chunk).WaitAsync(Wait);

        Assert.All([odd, big, tiny, empty, gap], e => Assert.Equal(ErrorCode.InvalidAudioFormat, e.Code));
        Assert.All([odd, big, tiny, empty, gap], e => Assert.Equal(2, e.ExpectedSequence));
        Assert.All([odd, big, tiny, empty, gap], e => Assert.True(e.Recoverable));
        Assert.Contains("odd byte count", odd.Message);
        Assert.Contains("gap", gap.Message);
        Assert.Equal(1, replay.Sequence); // acknowledged and ignored
        Assert.Equal(2, next.Sequence);
        var complete = await s.Grain.EndAsync(s.Speaker).WaitAsync(Wait);
        Assert.Equal(0.3, complete.TotalDuration, 3); // the replayed chunk was not archived twice
    }

    [Fact]
    public async Task CallsOnUnknownEndedOrForeignSessions_GetTheirCodes_AndTheOtherSessionCarriesOn()
    {
        await using var h = new SessionHarness();
        var mine = await h.StartAsync(SessionHarness.Client("speaker-a"));
        var other = await h.StartAsync(SessionHarness.Client("speaker-b"));
        await mine.SendToneAsync(0.5);
        await other.SendToneAsync(0.5);
        await other.Grain.EndAsync(other.Speaker).WaitAsync(Wait);

        var unknown = await mine.ErrorOfAsync(() => h.Session(SessionIds.New()).SendAudioAsync(mine.Speaker, 0, Chunk));
        var unknownStatus = await mine.ErrorOfAsync(() => h.Session(SessionIds.New()).GetStatusAsync());
        var ended = await mine.ErrorOfAsync(() => other.Grain.SendAudioAsync(other.Speaker, 5, Chunk));
        var foreign = await mine.ErrorOfAsync(() => mine.Grain.SendAudioAsync(other.Speaker, 5, Chunk));
        var foreignControl = await mine.ErrorOfAsync(() => mine.Grain.PauseAsync(other.Speaker));
        var foreignEnd = await mine.ErrorOfAsync(() => mine.Grain.EndAsync(other.Speaker));

        Assert.Equal(ErrorCode.SessionNotFound, unknown.Code);
        Assert.Equal(ErrorCode.SessionNotFound, unknownStatus.Code);
        Assert.Equal(ErrorCode.InvalidSessionState, ended.Code);
        Assert.All([foreign, foreignControl, foreignEnd], e => Assert.Equal(ErrorCode.NotSessionOwner, e.Code));
        Assert.Equal(5, (await mine.SendToneAsync(0.1)).Sequence);
        Assert.Equal(SessionState.Completed, (await mine.Grain.EndAsync(mine.Speaker).WaitAsync(Wait)).State);
    }

    [Fact]
    public async Task WrongStateCalls_GetInvalidSessionState()
    {
        await using var h = new SessionHarness();
        var s = await h.StartAsync();

        var resumeWhileActive = s.Grain.ResumeAsync(s.Speaker); // idempotent, no error
        await resumeWhileActive.WaitAsync(Wait);
        await s.Grain.EndAsync(s.Speaker).WaitAsync(Wait);
        var pause = await s.ErrorOfAsync(() => s.Grain.PauseAsync(s.Speaker));
        var restart = await s.ErrorOfAsync(() => s.Grain.StartAsync(SessionHarness.Command(s.Speaker)));

        Assert.Equal(ErrorCode.InvalidSessionState, pause.Code);
        Assert.Equal(ErrorCode.InvalidSessionState, restart.Code);
    }

    [Fact]
    public async Task BeyondCapacity_StartGetsSessionLimitExceeded_WithRetryAfter_UntilASlotFrees()
    {
        await using var h = new SessionHarness(new() { ["Silo:MaxActiveSessions"] = "2", ["Silo:RetryAfter"] = "00:00:07" });
        var a = await h.StartAsync(SessionHarness.Client("a"));
        await h.StartAsync(SessionHarness.Client("b"));

        var refused = await a.ErrorOfAsync(() => h.StartAsync(SessionHarness.Client("c")));
        await a.Grain.EndAsync(a.Speaker).WaitAsync(Wait);
        var admitted = await h.StartAsync(SessionHarness.Client("c"));

        Assert.Equal(ErrorCode.SessionLimitExceeded, refused.Code);
        Assert.True(refused.Recoverable);
        Assert.Equal(TimeSpan.FromSeconds(7), refused.RetryAfter);
        Assert.Equal(SessionState.Active, admitted.Ack.State);
    }

    [Fact]
    public async Task UnknownEngineOrLanguage_IsAnInvalidRequest()
    {
        await using var h = new SessionHarness();
        var grain = h.Session(SessionIds.New());

        var engine = await Assert.ThrowsAsync<SessionException>(() => grain.StartAsync(SessionHarness.Command(SessionHarness.Client()) with { Engine = "nope" })).WaitAsync(Wait);

        Assert.Equal(ErrorCode.InvalidRequest, engine.Code);
        Assert.Contains("synthetic", engine.Message); // lists what is available
    }

    [Fact]
    public async Task AnEngineThatFallsBehind_GetsRecoverableBufferOverflow_AndTheChunkCanBeResent()
    {
        await using var h = new SessionHarness(new() { ["Engines:MaxBufferedAudio"] = "00:00:00.5", ["Sessions:BufferOverflowRetryAfter"] = "00:00:02" },
            services => StalledEngine.Register(services));
        var grain = h.Session(SessionIds.New());
        var speaker = SessionHarness.Client();
        await grain.StartAsync(SessionHarness.Command(speaker) with { Engine = StalledEngine.Name }).WaitAsync(Wait);
        SessionException? overflow = null;
        AudioAck accepted;
        var sequence = 0;
        try
        {
            // 0.5 s of buffer holds four 100 ms chunks (the one the engine is stuck on counts too).
            for (; sequence < 10 && overflow is null; sequence++)
            {
                try
                {
                    await grain.SendAudioAsync(speaker, sequence, Chunk).WaitAsync(Wait);
                }
                catch (SessionException ex)
                {
                    overflow = ex;
                }
            }
        }
        finally
        {
            StalledEngine.Release(h);
        }

        accepted = await RetryAsync(() => grain.SendAudioAsync(speaker, sequence - 1, Chunk));

        Assert.NotNull(overflow);
        Assert.Equal(4, sequence - 1);
        Assert.Equal(ErrorCode.BufferOverflow, overflow.Code);
        Assert.True(overflow.Recoverable);
        Assert.Equal(4, overflow.ExpectedSequence);
        Assert.Equal(2, overflow.RetryAfter!.Value.TotalSeconds);
        Assert.Equal(4, accepted.Sequence);
    }

    private static async Task<T> RetryAsync<T>(Func<Task<T>> call)
    {
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                return await call().WaitAsync(Wait);
            }
            catch (SessionException) when (attempt < 100)
            {
                await Task.Delay(20);
            }
        }
    }
}
