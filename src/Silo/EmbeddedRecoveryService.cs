using LiveTranscription.Grains.Abstractions.Sessions;
using LiveTranscription.Grains.Records;
using LiveTranscription.Runtime.Grains;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace LiveTranscription.Silo;

/// <summary>
/// Embedded mode: sessions left IN_PROGRESS by a process that died are finalized at startup. Touching
/// each one activates it; the session grain marks it FAILED with everything that was stored (every
/// final written, the archive up to the last acknowledged chunk). Runs in the background.
/// </summary>
internal sealed partial class EmbeddedRecoveryService(IInProgressSessionIndex index, IGrainFactory grains, ILogger<EmbeddedRecoveryService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var orphans = await index.InProgressSessionIdsAsync(stoppingToken);
        if (orphans.Count == 0)
        {
            return;
        }

        Log.Recovering(logger, orphans.Count);
        foreach (var id in orphans)
        {
            stoppingToken.ThrowIfCancellationRequested();
            try
            {
                var status = await grains.GetGrain<ISessionGrain>(id).GetStatusAsync();
                Log.Recovered(logger, id, status.State.ToString());
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                Log.RecoveryFailed(logger, id, ex);
            }
        }
    }

    private static partial class Log
    {
        [LoggerMessage(400, LogLevel.Warning, "{Count} sessions were in progress when the previous process stopped; finalizing them", EventName = "RecoveringSessions")]
        public static partial void Recovering(ILogger logger, int count);

        [LoggerMessage(401, LogLevel.Information, "Session {SessionId} recovered as {State}", EventName = "SessionRecovered")]
        public static partial void Recovered(ILogger logger, string sessionId, string state);

        [LoggerMessage(402, LogLevel.Error, "Session {SessionId} could not be recovered", EventName = "SessionRecoveryFailed")]
        public static partial void RecoveryFailed(ILogger logger, string sessionId, Exception exception);
    }
}
