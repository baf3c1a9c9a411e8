using LiveTranscription.Grains.Abstractions.Protocol;

namespace LiveTranscription.Grains.Abstractions.Sessions;

/// <summary>
/// The per-session virtual actor, keyed by session id. Calls run one at a time (turn-based).
/// Failures are <see cref="SessionException"/>s carrying protocol error codes.
/// </summary>
public interface ISessionGrain
{
    /// <summary>Starts the session, or returns the same ack for a retry by the same speaker, or resumes it with a resume token.</summary>
    Task<StartResult> StartAsync(StartSessionCommand command);

    /// <summary>Accepts one audio chunk. Replays of accepted sequences are acknowledged and ignored.</summary>
    Task<AudioAck> SendAudioAsync(ClientRef caller, long sequence, byte[] audio);

    /// <summary>Ends the session; completes after the engine has flushed its last final.</summary>
    Task<SessionComplete> EndAsync(ClientRef caller);

    /// <summary>Stops forwarding audio to the engine; listeners are told.</summary>
    Task PauseAsync(ClientRef caller);

    /// <summary>Continues the same transcript after a pause.</summary>
    Task ResumeAsync(ClientRef caller);

    /// <summary>Adds a listener; returns the finals so far.</summary>
    Task<JoinResult> JoinAsync(ClientRef listener, string? languageCode);

    /// <summary>Removes a listener.</summary>
    Task LeaveAsync(ClientRef listener);

    /// <summary>Current status; works for any state.</summary>
    Task<SessionStatus> GetStatusAsync();

    /// <summary>A connection went away: a listener leaves; the speaker's disconnect grace starts.</summary>
    Task ClientDisconnectedAsync(ClientRef client);

    /// <summary>
    /// Subscribes a gateway's fan-out to the session's notifications. The id is unique per subscription
    /// (gateway id + instance), so removing an old subscription never removes its replacement.
    /// <paramref name="lastFinalSeen"/> is for a subscription re-established after its stream broke (a failover, a
    /// drain, a network error): the session first sends it the finals after that segment id, which were published
    /// while it was away or lost in flight (-1: none seen). Null for a new subscription (a join or start ack carries
    /// the finals so far).
    /// </summary>
    Task SubscribeAsync(string subscriptionId, ISessionObserver observer, long? lastFinalSeen = null);

    /// <summary>Removes a subscription.</summary>
    Task UnsubscribeAsync(string subscriptionId);
}
