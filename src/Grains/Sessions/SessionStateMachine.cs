using LiveTranscription.Grains.Abstractions.Protocol;

namespace LiveTranscription.Grains.Sessions;

/// <summary>The allowed transitions: starting → active ⇄ paused → ending → completed | failed.</summary>
public static class SessionStateMachine
{
    public static bool CanTransition(SessionState from, SessionState to) => (from, to) switch
    {
        (SessionState.None, SessionState.Starting) => true,
        (SessionState.Starting, SessionState.Active) => true,
        (SessionState.Starting, SessionState.Failed) => true,
        (SessionState.Active, SessionState.Paused) => true,
        (SessionState.Paused, SessionState.Active) => true,
        (SessionState.Active or SessionState.Paused or SessionState.Starting, SessionState.Ending) => true,
        (SessionState.Ending, SessionState.Completed or SessionState.Failed) => true,
        _ => false,
    };
}
