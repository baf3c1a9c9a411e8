using Microsoft.Extensions.Logging;

namespace LiveTranscription.Runtime;

internal static partial class RuntimeLog
{
    [LoggerMessage(1, LogLevel.Debug, "Activated {GrainId} with epoch {Epoch}", EventName = "GrainActivated")]
    public static partial void Activated(ILogger logger, string grainId, long epoch);

    [LoggerMessage(2, LogLevel.Debug, "Deactivated {GrainId} ({Reason})", EventName = "GrainDeactivated")]
    public static partial void Deactivated(ILogger logger, string grainId, string reason);

    [LoggerMessage(3, LogLevel.Error, "Activation of {GrainId} failed", EventName = "GrainActivationFailed")]
    public static partial void ActivationFailed(ILogger logger, string grainId, Exception exception);

    [LoggerMessage(4, LogLevel.Error, "Timer callback of {GrainId} failed", EventName = "GrainTimerFailed")]
    public static partial void TimerFailed(ILogger logger, string grainId, Exception exception);

    [LoggerMessage(5, LogLevel.Error, "Posted work of {GrainId} failed", EventName = "GrainPostFailed")]
    public static partial void PostFailed(ILogger logger, string grainId, Exception exception);

    [LoggerMessage(6, LogLevel.Error, "Deactivation of {GrainId} failed", EventName = "GrainDeactivationFailed")]
    public static partial void DeactivationFailed(ILogger logger, string grainId, Exception exception);

    [LoggerMessage(7, LogLevel.Error, "Shutdown timeout: {Count} activations did not finish deactivating", EventName = "GrainShutdownIncomplete")]
    public static partial void ShutdownIncomplete(ILogger logger, int count);
}
