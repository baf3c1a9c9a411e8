using LiveTranscription.Grains.Abstractions.Protocol;
using LiveTranscription.Grains.Abstractions.Sessions;
using LiveTranscription.Grains.Sessions;

namespace LiveTranscription.Grains.Tests.Sessions;

public sealed class SessionStateMachineTests
{
    private static readonly (SessionState From, SessionState To)[] Allowed =
    [
        (SessionState.None, SessionState.Starting),
        (SessionState.Starting, SessionState.Active),
        (SessionState.Starting, SessionState.Failed),
        (SessionState.Starting, SessionState.Ending),
        (SessionState.Active, SessionState.Paused),
        (SessionState.Paused, SessionState.Active),
        (SessionState.Active, SessionState.Ending),
        (SessionState.Paused, SessionState.Ending),
        (SessionState.Ending, SessionState.Completed),
        (SessionState.Ending, SessionState.Failed),
    ];

    [Fact]
    public void ExactlyTheDesignedTransitionsAreAllowed()
    {
        foreach (var from in Enum.GetValues<SessionState>())
        {
            foreach (var to in Enum.GetValues<SessionState>())
            {
                Assert.True(Allowed.Contains((from, to)) == SessionStateMachine.CanTransition(from, to), $"{from} → {to}");
            }
        }
    }

    [Fact]
    public void TerminalStatesAreFinal_AndLiveStatesHoldASlot()
    {
        Assert.All(Enum.GetValues<SessionState>().Where(s => s.IsTerminal()), s =>
            Assert.DoesNotContain(Enum.GetValues<SessionState>(), to => SessionStateMachine.CanTransition(s, to)));
        Assert.Equal([SessionState.Starting, SessionState.Active, SessionState.Paused], Enum.GetValues<SessionState>().Where(s => s.IsLive()));
    }

    [Fact]
    public void ListenerChanges_AreSignificantAboveTenPercentOrForANewLanguage()
    {
        var listeners = new ListenerRegistry();
        ClientRef L(int i) => new("gw", $"l{i}", "u");

        listeners.Add(L(0), "en-US");
        Assert.True(listeners.HasSignificantChange());       // 0 → 1
        listeners.MarkReported();
        for (var i = 1; i < 10; i++)
        {
            listeners.Add(L(i), "en-US");
        }

        listeners.MarkReported();                            // 10 reported
        listeners.Add(L(10), "en-US");
        Assert.False(listeners.HasSignificantChange());      // 10 → 11 is 10 %, not more
        listeners.Add(L(11), "en-US");
        Assert.True(listeners.HasSignificantChange());       // 10 → 12
        listeners.MarkReported();
        listeners.Add(L(3), "fr-FR");                        // a listener asks for a new language
        Assert.True(listeners.HasSignificantChange());
        listeners.MarkReported();
        listeners.Remove(L(11));
        Assert.False(listeners.HasSignificantChange());      // 12 → 11
    }

    [Fact]
    public void Arrivals_AreFoundForRecentAudio_AndForgottenBeyondTheRing()
    {
        var arrivals = new ArrivalTracker(capacity: 4);
        for (var i = 1; i <= 6; i++)
        {
            arrivals.Record(TimeSpan.FromMilliseconds(100 * i), arrivedAt: 1000 + i);
        }

        Assert.Equal(1006, arrivals.ArrivalOf(TimeSpan.FromMilliseconds(550)));
        Assert.Equal(1004, arrivals.ArrivalOf(TimeSpan.FromMilliseconds(400)));
        Assert.Null(arrivals.ArrivalOf(TimeSpan.FromMilliseconds(150)));  // older than what is kept
        Assert.Null(arrivals.ArrivalOf(TimeSpan.FromMilliseconds(900)));  // not arrived yet
    }
}
