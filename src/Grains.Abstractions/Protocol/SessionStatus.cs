namespace LiveTranscription.Grains.Abstractions.Protocol;

/// <summary>Answer to <c>GetSessionStatus</c> and the periodic <c>sessionStatus</c> event.</summary>
public sealed record SessionStatus
{
    public required string SessionId { get; init; }
    public required SessionState State { get; init; }
    public DateTimeOffset? StartedAt { get; init; }

    /// <summary>Seconds of audio accepted so far.</summary>
    public required double DurationSeconds { get; init; }
    public required int ListenerCount { get; init; }
    public required IReadOnlyDictionary<string, int> ListenersByLanguage { get; init; }
    public required int WordCount { get; init; }
    public required long LastSequence { get; init; }
    public required DateTimeOffset Timestamp { get; init; }
}
