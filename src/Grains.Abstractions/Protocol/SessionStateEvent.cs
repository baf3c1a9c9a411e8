namespace LiveTranscription.Grains.Abstractions.Protocol;

/// <summary>Sent to the speaker and listeners on every state transition.</summary>
public sealed record SessionStateEvent(string SessionId, SessionState State, string? Reason, DateTimeOffset Timestamp);
