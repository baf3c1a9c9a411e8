namespace LiveTranscription.Grains.Abstractions.Protocol;

/// <summary>Periodic liveness signal to the speaker and listeners.</summary>
public sealed record Heartbeat(string SessionId, DateTimeOffset Timestamp);
