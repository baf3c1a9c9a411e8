namespace LiveTranscription.Grains.Abstractions.Protocol;

/// <summary>Sent when a session has finished, after the engine flushed its last final.</summary>
public sealed record SessionComplete
{
    public required string SessionId { get; init; }
    public required string TranscriptionId { get; init; }

    /// <summary>Archive key of the session's audio (relative to the archive root or bucket).</summary>
    public string? AudioKey { get; init; }

    /// <summary>Seconds of audio received.</summary>
    public required double TotalDuration { get; init; }
    public required int WordCount { get; init; }

    /// <summary><c>completed</c> or <c>failed</c>.</summary>
    public required SessionState State { get; init; }
    public string? Reason { get; init; }
    public required DateTimeOffset Timestamp { get; init; }
}
