using LiveTranscription.Grains.Abstractions.Sessions;
using Microsoft.Extensions.Logging;

namespace LiveTranscription.Grains.Sessions;

/// <summary>
/// The gateways subscribed to a session and the session's notification sequence. The sequence starts at
/// <c>epoch × 2^20</c>: a successor activation (higher epoch) continues above everything its predecessor published,
/// so gateways, which drop notifications at or below what they delivered, never drop a successor's. 2^20
/// notifications per activation is ~55 h of partials at 5 per second.
/// </summary>
internal sealed class SessionObservers(string sessionId, ILogger logger, long epoch)
{
    private readonly Dictionary<string, ISessionObserver> _observers = [];

    /// <summary>Sequence of the last notification published.</summary>
    public long Sequence { get; private set; } = epoch << 20;

    public int Count => _observers.Count;

    public void Subscribe(string subscriptionId, ISessionObserver observer) => _observers[subscriptionId] = observer;

    public void Unsubscribe(string subscriptionId) => _observers.Remove(subscriptionId);

    /// <summary>A notification for one subscriber only (a catch-up); it takes the next sequence like any other.</summary>
    public void SendTo(string subscriptionId, Audience audience, ClientRef? target, string method, object payload)
    {
        var notification = new SessionNotification(++Sequence, audience, target, method, payload);
        if (_observers.TryGetValue(subscriptionId, out var observer))
        {
            try
            {
                observer.OnNotification(sessionId, notification);
            }
            catch (Exception ex)
            {
                SessionLog.ObserverFailed(logger, sessionId, subscriptionId, ex);
            }
        }
    }

    public void Publish(Audience audience, ClientRef? target, string method, object payload)
    {
        var notification = new SessionNotification(++Sequence, audience, target, method, payload);
        foreach (var (subscriptionId, observer) in _observers)
        {
            try
            {
                observer.OnNotification(sessionId, notification);
            }
            catch (Exception ex)
            {
                SessionLog.ObserverFailed(logger, sessionId, subscriptionId, ex);
            }
        }
    }
}
