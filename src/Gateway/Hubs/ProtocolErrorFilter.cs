using LiveTranscription.Gateway.Connections;
using LiveTranscription.Grains.Abstractions.Protocol;
using LiveTranscription.Grains.Abstractions.Sessions;
using Microsoft.AspNetCore.SignalR;

namespace LiveTranscription.Gateway.Hubs;

/// <summary>
/// The one place where failures become protocol errors: the caller gets an <c>error</c> event, and the
/// invocation fails with a message that starts with the error code (<c>"SESSION_NOT_FOUND: …"</c>).
/// Unexpected exceptions are logged and reported as <c>INTERNAL_ERROR</c> without internals.
/// </summary>
internal sealed partial class ProtocolErrorFilter(ConnectionRegistry connections, TimeProvider time, ILogger<ProtocolErrorFilter> logger) : IHubFilter
{
    public async ValueTask<object?> InvokeMethodAsync(HubInvocationContext context, Func<HubInvocationContext, ValueTask<object?>> next)
    {
        try
        {
            // SendAudio has its own, higher budget (SessionGateway); every other call shares this one.
            if (context.HubMethodName != nameof(TranscriptionHub.SendAudio)
                && connections.Get(context.Context.ConnectionId).ControlLimiter is { } limiter
                && !limiter.TryTake(out var retryAfter))
            {
                throw new SessionException(ErrorCode.RateLimited, "Too many calls on this connection; slow down.", recoverable: true, retryAfter: retryAfter);
            }

            return await next(context);
        }
        catch (SessionException ex)
        {
            throw Report(context, ex);
        }
        catch (TimeoutException ex)
        {
            Log.Unexpected(logger, context.HubMethodName, context.Context.ConnectionId, ex);
            throw Report(context, new SessionException(ErrorCode.InternalError, "The session did not answer in time; retry.", recoverable: true, retryAfter: TimeSpan.FromSeconds(1)));
        }
        catch (Exception ex) when (ex is not HubException)
        {
            Log.Unexpected(logger, context.HubMethodName, context.Context.ConnectionId, ex);
            throw Report(context, new SessionException(ErrorCode.InternalError, "Unexpected server error; retry.", recoverable: true, retryAfter: TimeSpan.FromSeconds(1)));
        }
    }

    private HubException Report(HubInvocationContext context, SessionException error)
    {
        var sessionId = SessionIdOf(context);
        Log.ProtocolError(logger, error.Code.ToWireName(), context.HubMethodName, sessionId, context.Context.ConnectionId, error.Message);
        try
        {
            var evt = error.ToEvent(sessionId, time.GetUtcNow());
            if (context.HubMethodName == nameof(TranscriptionHub.SendAudio) && context.HubMethodArguments.Count > 1 && context.HubMethodArguments[1] is long sequence)
            {
                evt = evt with { Sequence = sequence };
            }

            connections.Get(context.Context.ConnectionId).Outbox.Send("error", evt);
        }
        catch (InvalidOperationException)
        {
            // the connection is already gone
        }

        return new HubException($"{error.Code.ToWireName()}: {error.Message}");
    }

    private static string? SessionIdOf(HubInvocationContext context) => context.HubMethodArguments.Count == 0 ? null : context.HubMethodArguments[0] switch
    {
        string id => SessionIds.Normalize(id) ?? id,
        StartSessionRequest request => SessionIds.Normalize(request.SessionId),
        _ => null,
    };

    private static partial class Log
    {
        [LoggerMessage(330, LogLevel.Information, "{ErrorCode} on {Method} for session {SessionId} from {ConnectionId}: {Message}", EventName = "ProtocolError")]
        public static partial void ProtocolError(ILogger logger, string errorCode, string method, string? sessionId, string connectionId, string message);

        [LoggerMessage(331, LogLevel.Error, "Unexpected failure in {Method} from {ConnectionId}", EventName = "HubUnexpectedError")]
        public static partial void Unexpected(ILogger logger, string method, string connectionId, Exception exception);
    }
}
