namespace LiveTranscription.Gateway.Cluster;

internal sealed partial class SessionLink
{
    private static partial class Log
    {
        [LoggerMessage(610, LogLevel.Debug, "Session {SessionId}: link open to silo {SiloId}", EventName = "LinkOpened")]
        public static partial void Opened(ILogger logger, string sessionId, string siloId);

        [LoggerMessage(611, LogLevel.Information, "Session {SessionId}: link to silo {SiloId} lost ({Reason}); reconnecting: {Reconnecting}", EventName = "LinkLost")]
        public static partial void Lost(ILogger logger, string sessionId, string siloId, string reason, bool reconnecting);

        [LoggerMessage(612, LogLevel.Debug, "Session {SessionId}: opening a link to silo {SiloId} failed: {Reason}", EventName = "LinkOpenFailed")]
        public static partial void OpenFailed(ILogger logger, string sessionId, string siloId, string reason);

        [LoggerMessage(613, LogLevel.Error, "Session {SessionId}: no silo could take the session within {Seconds} s", EventName = "LinkUnreachable")]
        public static partial void Unreachable(ILogger logger, string sessionId, double seconds);
    }
}
