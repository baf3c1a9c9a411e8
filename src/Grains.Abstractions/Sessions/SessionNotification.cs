namespace LiveTranscription.Grains.Abstractions.Sessions;

/// <summary>
/// A server → client event from a session. <see cref="Sequence"/> increases by one per notification
/// of the session (per activation lineage), which lets gateways deliver each one at most once.
/// </summary>
/// <param name="Sequence">Position in the session's notification stream.</param>
/// <param name="Audience">Who receives it.</param>
/// <param name="Target">The speaker connection when <paramref name="Audience"/> is <see cref="Audience.Speaker"/>.</param>
/// <param name="Method">Client event name: <c>transcript</c>, <c>sessionState</c>, <c>sessionStatus</c>, <c>sessionComplete</c>, <c>heartbeat</c>, <c>error</c>.</param>
/// <param name="Payload">One of the records in <c>Protocol/</c>.</param>
public sealed record SessionNotification(long Sequence, Audience Audience, ClientRef? Target, string Method, object Payload);
