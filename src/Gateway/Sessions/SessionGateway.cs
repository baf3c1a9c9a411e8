using LiveTranscription.Gateway.Connections;
using LiveTranscription.Gateway.Fanout;
using LiveTranscription.Grains.Abstractions.Protocol;
using LiveTranscription.Grains.Abstractions.Sessions;
using LiveTranscription.Runtime.Grains;

namespace LiveTranscription.Gateway.Sessions;

/// <summary>
/// What the hub does for each call: route to the session grain, keep fan-out membership in step, and
/// send acknowledgements through the caller's outbox. Holds no session state of its own.
/// </summary>
internal sealed partial class SessionGateway(
    IGrainFactory grains,
    FanoutRegistry fanouts,
    StartRequestValidator validator,
    ILogger<SessionGateway> logger)
{
    public async Task<SessionAck> StartAsync(ClientConnection connection, StartSessionRequest? request)
    {
        var (sessionId, command) = validator.Validate(request, connection.Client);
        var fanout = await fanouts.JoinAsync(sessionId, connection);
        try
        {
            var result = await Grain(sessionId).StartAsync(command);
            fanout.Activate(connection.ConnectionId, result.Watermark);
            connection.AddRole(sessionId, SessionRoles.Speaker);
            return result.Ack;
        }
        catch
        {
            await LeaveFanoutIfNoRoleAsync(sessionId, connection);
            throw;
        }
    }

    public async Task SendAudioAsync(ClientConnection connection, string? sessionId, long sequence, string? audioBase64)
    {
        if (!connection.AudioLimiter.TryTake(out var retryAfter))
        {
            throw new SessionException(ErrorCode.RateLimited, "More than the allowed audio chunks per second on this connection; resend from the last acknowledged sequence.",
                recoverable: true, retryAfter: retryAfter);
        }

        var id = RequireId(sessionId);
        var audio = DecodeAudio(audioBase64);
        var ack = await Grain(id).SendAudioAsync(connection.Client, sequence, audio);
        connection.Outbox.Send("audioAck", ack);
    }

    /// <summary>Base64 to bytes (one allocation); a chunk that is not valid base64 is malformed audio.</summary>
    internal static byte[] DecodeAudio(string? base64)
    {
        try
        {
            return string.IsNullOrEmpty(base64) ? [] : Convert.FromBase64String(base64);
        }
        catch (FormatException)
        {
            throw new SessionException(ErrorCode.InvalidAudioFormat, "audio must be the chunk's bytes encoded as base64.", recoverable: true);
        }
    }

    public async Task<SessionComplete> EndAsync(ClientConnection connection, string? sessionId)
    {
        var id = RequireId(sessionId);
        var complete = await Grain(id).EndAsync(connection.Client);
        if (connection.RemoveRole(id, SessionRoles.Speaker) == SessionRoles.None)
        {
            await fanouts.LeaveAsync(id, connection);
        }

        return complete;
    }

    public Task PauseAsync(ClientConnection connection, string? sessionId) => Grain(RequireId(sessionId)).PauseAsync(connection.Client);

    public Task ResumeAsync(ClientConnection connection, string? sessionId) => Grain(RequireId(sessionId)).ResumeAsync(connection.Client);

    public async Task<JoinAck> JoinAsync(ClientConnection connection, string? sessionId, JoinSessionRequest? request)
    {
        var id = RequireId(sessionId);
        var language = request?.LanguageCode is { } code ? validator.LanguageOrThrow(code) : null;
        var fanout = await fanouts.JoinAsync(id, connection);
        try
        {
            var result = await Grain(id).JoinAsync(connection.Client, language);
            fanout.Activate(connection.ConnectionId, result.Watermark);
            connection.AddRole(id, SessionRoles.Listener);
            return result.Ack;
        }
        catch
        {
            await LeaveFanoutIfNoRoleAsync(id, connection);
            throw;
        }
    }

    public async Task LeaveAsync(ClientConnection connection, string? sessionId)
    {
        var id = RequireId(sessionId);
        await Grain(id).LeaveAsync(connection.Client);
        if (connection.RemoveRole(id, SessionRoles.Listener) == SessionRoles.None)
        {
            await fanouts.LeaveAsync(id, connection); // a speaker who "leaves" keeps its membership
        }
    }

    public Task<SessionStatus> GetStatusAsync(string? sessionId) => Grain(RequireId(sessionId)).GetStatusAsync();

    /// <summary>The connection is gone: every session it was in is told, and its fan-out memberships end.</summary>
    public async Task DisconnectedAsync(ClientConnection connection)
    {
        connection.Outbox.Complete();
        foreach (var sessionId in connection.Sessions.Keys)
        {
            try
            {
                await Grain(sessionId).ClientDisconnectedAsync(connection.Client);
            }
            catch (Exception ex)
            {
                Log.DisconnectNotifyFailed(logger, sessionId, connection.ConnectionId, ex);
            }

            connection.Sessions.TryRemove(sessionId, out _);
            await fanouts.LeaveAsync(sessionId, connection);
        }
    }

    /// <summary>After a failed start or join: leave the fan-out only if the connection had no role before.</summary>
    private async Task LeaveFanoutIfNoRoleAsync(string sessionId, ClientConnection connection)
    {
        if (connection.RolesIn(sessionId) == SessionRoles.None)
        {
            await fanouts.LeaveAsync(sessionId, connection);
        }
    }

    private ISessionGrain Grain(string sessionId) => grains.GetGrain<ISessionGrain>(sessionId);

    private static string RequireId(string? sessionId)
        => SessionIds.Normalize(sessionId) ?? throw new SessionException(ErrorCode.SessionNotFound, $"'{sessionId}' is not a session id.");

    private static partial class Log
    {
        [LoggerMessage(320, LogLevel.Warning, "Session {SessionId}: telling it that connection {ConnectionId} left failed", EventName = "DisconnectNotifyFailed")]
        public static partial void DisconnectNotifyFailed(ILogger logger, string sessionId, string connectionId, Exception exception);
    }
}
