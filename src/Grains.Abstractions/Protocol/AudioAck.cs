namespace LiveTranscription.Grains.Abstractions.Protocol;

/// <summary>Highest contiguous audio sequence the session has accepted (spooled and handed to the engine).</summary>
public sealed record AudioAck(string SessionId, long Sequence);
