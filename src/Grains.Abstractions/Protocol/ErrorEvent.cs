namespace LiveTranscription.Grains.Abstractions.Protocol;

/// <summary>The <c>error</c> event. <see cref="RetryAfter"/> is in seconds.</summary>
public sealed record ErrorEvent
{
    public required ErrorCode ErrorCode { get; init; }
    public required string Message { get; init; }
    public required bool Recoverable { get; init; }
    public double? RetryAfter { get; init; }
    public string? SessionId { get; init; }

    /// <summary>For audio errors: the sequence the session expects next (resend from here).</summary>
    public long? ExpectedSequence { get; init; }

    /// <summary>For <c>SendAudio</c> errors: the sequence of the refused chunk (tells a current refusal from a stale one).</summary>
    public long? Sequence { get; init; }
    public required DateTimeOffset Timestamp { get; init; }
}
