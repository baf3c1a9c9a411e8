namespace LiveTranscription.Grains.Abstractions.Protocol;

/// <summary>Answer to <c>JoinSession</c>: everything a late listener needs to catch up.</summary>
public sealed record JoinAck
{
    public required string SessionId { get; init; }
    public required SessionState State { get; init; }
    public required string LanguageCode { get; init; }
    public required IReadOnlyList<TranscriptEvent> Finals { get; init; }
    public TranscriptEvent? Partial { get; init; }
    public required DateTimeOffset Timestamp { get; init; }
}
