using LiveTranscription.Grains.Abstractions.Protocol;

namespace LiveTranscription.Grains.Abstractions.Sessions;

/// <summary>A protocol error raised by a session; the gateway turns it into an <c>error</c> event.</summary>
public sealed class SessionException : Exception
{
    public SessionException(ErrorCode code, string message, bool recoverable = false, TimeSpan? retryAfter = null, long? expectedSequence = null)
        : base(message)
    {
        Code = code;
        Recoverable = recoverable;
        RetryAfter = retryAfter;
        ExpectedSequence = expectedSequence;
    }

    public ErrorCode Code { get; }
    public bool Recoverable { get; }
    public TimeSpan? RetryAfter { get; }
    public long? ExpectedSequence { get; }

    /// <summary>The protocol event for this error.</summary>
    public ErrorEvent ToEvent(string? sessionId, DateTimeOffset timestamp) => new()
    {
        ErrorCode = Code,
        Message = Message,
        Recoverable = Recoverable,
        RetryAfter = RetryAfter?.TotalSeconds,
        SessionId = sessionId,
        ExpectedSequence = ExpectedSequence,
        Timestamp = timestamp,
    };
}
