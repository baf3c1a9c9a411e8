using LiveTranscription.Grains.Abstractions.Protocol;
using LiveTranscription.Grains.Abstractions.Sessions;
using LinkError = LiveTranscription.Grains.Abstractions.Link.Error;

namespace LiveTranscription.Cluster.Link;

/// <summary>Protocol errors across the link: a <see cref="SessionException"/> on the silo is the same exception on the gateway.</summary>
public static class LinkErrors
{
    public static LinkError From(SessionException ex)
    {
        var error = new LinkError
        {
            Code = ex.Code.ToWireName(),
            Message = ex.Message,
            Recoverable = ex.Recoverable,
            RetryAfterSeconds = ex.RetryAfter?.TotalSeconds ?? 0,
        };
        if (ex.ExpectedSequence is { } expected)
        {
            error.HasExpectedSequence = true;
            error.ExpectedSequence = expected;
        }

        return error;
    }

    public static LinkError Owned(string ownerSiloId) => new() { Code = "OWNED_ELSEWHERE", OwnerSiloId = ownerSiloId, Recoverable = true, Message = $"owned by {ownerSiloId}" };

    public static LinkError Unavailable(string message) => new() { Code = "UNAVAILABLE", Message = message, Recoverable = true };

    /// <summary>The session exception for an error that is a protocol error; null for link-level errors (owned elsewhere, unavailable).</summary>
    public static SessionException? ToException(LinkError error)
    {
        if (Enum.GetValues<ErrorCode>().FirstOrDefault(c => c.ToWireName() == error.Code) is var code && code.ToWireName() != error.Code)
        {
            return null;
        }

        return new SessionException(code, error.Message, error.Recoverable,
            error.RetryAfterSeconds > 0 ? TimeSpan.FromSeconds(error.RetryAfterSeconds) : null,
            error.HasExpectedSequence ? error.ExpectedSequence : null);
    }
}
