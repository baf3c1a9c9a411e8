namespace LiveTranscription.Grains.Abstractions.Sessions;

/// <summary>
/// A gateway's subscription to a session. The grain calls it from inside its turns, in order, so an
/// implementation must not block: it queues and returns.
/// </summary>
public interface ISessionObserver
{
    /// <summary>Receives one notification. Must return quickly and never throw.</summary>
    void OnNotification(string sessionId, SessionNotification notification);
}
