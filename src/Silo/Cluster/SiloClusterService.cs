using LiveTranscription.Cluster;
using LiveTranscription.Cluster.Directory;
using LiveTranscription.Grains.Abstractions.Protocol;
using LiveTranscription.Grains.Abstractions.Sessions;
using LiveTranscription.Runtime.Directory;
using LiveTranscription.Cluster.Membership;
using LiveTranscription.Runtime.Grains;
using LiveTranscription.Silo.Link;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace LiveTranscription.Silo.Cluster;

/// <summary>
/// A cluster silo's life: join the membership at start (a new generation), heartbeat with its load every
/// <see cref="MembershipOptions.HeartbeatPeriod"/>, and:
/// <list type="bullet">
/// <item>if the cluster declared it dead (it was frozen or cut off past the suspicion timeout): drop every activation
/// without writing (their sessions were taken over; their writes are fenced anyway) and join again as a new generation;</item>
/// <item>on SIGTERM (<see cref="StoppingAsync"/>, before the web server or the runtime stop): drain. The silo marks itself
/// shutting-down (no new placements), hands each session over (the grain persists what its successor needs and
/// releases its directory entry), tells the gateways to move each session, and leaves the table, all within
/// <see cref="SiloOptions.DrainTimeout"/>.</item>
/// </list>
/// </summary>
internal sealed partial class SiloClusterService(
    SiloMembership membership,
    DynamoDbSessionDirectory directory,
    IGrainFactory grains,
    IGrainRuntime runtime,
    LinkStreams streams,
    ClusterTables tables,
    IOptions<MembershipOptions> membershipOptions,
    IOptions<SiloOptions> options,
    TimeProvider time,
    ILogger<SiloClusterService> logger) : IHostedLifecycleService, IDisposable
{
    private readonly CancellationTokenSource _stopping = new();
    private Task _loop = Task.CompletedTask;

    public async Task StartingAsync(CancellationToken cancellationToken)
    {
        await tables.EnsureAsync(cancellationToken);
        await membership.JoinAsync(cancellationToken);
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken)
    {
        _loop = Task.Run(() => HeartbeatLoopAsync(_stopping.Token), CancellationToken.None);
        return Task.CompletedTask;
    }

    public async Task StoppingAsync(CancellationToken cancellationToken)
    {
        var started = time.GetTimestamp();
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(options.Value.DrainTimeout - TimeSpan.FromSeconds(1));
        streams.Accepting = false;
        var sessions = runtime.ActiveGrains.ToList();
        Log.Draining(logger, membership.Self?.SiloId ?? "?", sessions.Count);
        // Best effort, briefly: new streams are refused from now on anyway, so placement skipping us is an optimization.
        await BestEffortAsync(() => membership.LeaveAsync(deadline.Token), "shutting-down status");
        try
        {
            await Task.WhenAll(sessions.Select(id => HandOverAsync(id, deadline.Token)));
        }
        catch (Exception ex) when (ex is OperationCanceledException or TimeoutException)
        {
            Log.DrainIncomplete(logger, runtime.ActiveGrains.Count);
        }

        streams.MoveAll("silo stopped");
        await _stopping.CancelAsync();
        await _loop;
        await BestEffortAsync(() => membership.LeftAsync(CancellationToken.None), "dead status"); // else the suspicion timeout covers it
        Log.Drained(logger, sessions.Count - runtime.ActiveGrains.Count, time.GetElapsedTime(started).TotalSeconds);
    }

    private async Task BestEffortAsync(Func<Task> write, string what)
    {
        try
        {
            await write().WaitAsync(TimeSpan.FromSeconds(2), time);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            Log.LeaveFailed(logger, what, ex.Message);
        }
    }

    private async Task HandOverAsync(GrainId id, CancellationToken cancellationToken)
    {
        await runtime.DeactivateAsync(id, DeactivationReason.HandOver).WaitAsync(cancellationToken);
        streams.Move(id.Key, "handed over");
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private async Task HeartbeatLoopAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(membershipOptions.Value.HeartbeatPeriod, time);
        while (await WaitAsync(timer, cancellationToken))
        {
            try
            {
                var round = await membership.TickAsync(cancellationToken);
                foreach (var dead in round.DeclaredDead)
                {
                    _ = SweepOrphansAsync(dead, directory.OwnedByAsync, cancellationToken);
                }

                foreach (var left in membership.IsCoordinator ? round.Left : [])
                {
                    _ = SweepOrphansAsync(left, directory.HandedOverByAsync, cancellationToken);
                }

                if (membership.Evicted)
                {
                    await RecoverFromEvictionAsync(cancellationToken);
                }
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return; // stopping
            }
            catch (Exception ex)
            {
                Log.HeartbeatFailed(logger, ex.Message); // the next round retries; silence past the timeout gets this silo evicted
            }
        }
    }

    /// <summary>
    /// The sessions a dead silo left in progress that, after <see cref="SiloOptions.OrphanSweepDelay"/>, nobody came back
    /// for (their gateway died too, or the speaker gave up): the ones a crashed silo still owns (swept by the silo that
    /// declared it dead), and the ones a drained silo handed over that no gateway reopened (swept by the coordinator).
    /// Touching each one activates it here: it resumes from storage, its speaker's grace runs out, and it ends FAILED
    /// with everything kept (the archive uploaded from the spool), unless the speaker comes back first.
    /// </summary>
    private async Task SweepOrphansAsync(string deadSiloId, Func<string, CancellationToken, Task<IReadOnlyList<string>>> find, CancellationToken cancellationToken)
    {
        try
        {
            await Task.Delay(options.Value.OrphanSweepDelay, time, cancellationToken);
            var orphans = await find(deadSiloId, cancellationToken);
            var resumed = 0;
            foreach (var sessionId in orphans)
            {
                try
                {
                    // Activations that had already ended are among them (they were idle when their silo went): those
                    // only read their record and go idle again.
                    if (!(await grains.GetGrain<ISessionGrain>(sessionId).GetStatusAsync()).State.IsTerminal())
                    {
                        resumed++;
                    }
                }
                catch (Exception ex) when (ex is GrainOwnedElsewhereException or SiloNotAcceptingException or SessionException)
                {
                    // Another silo has it by now, or this one is going away: its gateway or the next sweep takes care.
                }
            }

            if (resumed > 0)
            {
                Log.OrphansSwept(logger, deadSiloId, resumed);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
        catch (Exception ex)
        {
            Log.SweepFailed(logger, deadSiloId, ex.Message);
        }
    }

    private async Task RecoverFromEvictionAsync(CancellationToken cancellationToken)
    {
        var old = membership.Self?.SiloId ?? "?";
        streams.MoveAll("silo evicted");
        await runtime.DeactivateAllAsync(DeactivationReason.Evicted);
        await membership.RejoinAsync(cancellationToken);
        Log.Rejoined(logger, old, membership.Self?.SiloId ?? "?");
    }

    private static async Task<bool> WaitAsync(PeriodicTimer timer, CancellationToken cancellationToken)
    {
        try
        {
            return await timer.WaitForNextTickAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    public void Dispose() => _stopping.Dispose();

    private static partial class Log
    {
        [LoggerMessage(510, LogLevel.Information, "Silo {SiloId} draining: handing over {Count} sessions", EventName = "SiloDraining")]
        public static partial void Draining(ILogger logger, string siloId, int count);

        [LoggerMessage(511, LogLevel.Information, "Drain done: {Count} sessions handed over in {Seconds:0.00} s", EventName = "SiloDrained")]
        public static partial void Drained(ILogger logger, int count, double seconds);

        [LoggerMessage(512, LogLevel.Error, "Drain deadline reached with {Remaining} sessions not handed over; their gateways fail them over", EventName = "SiloDrainIncomplete")]
        public static partial void DrainIncomplete(ILogger logger, int remaining);

        [LoggerMessage(513, LogLevel.Warning, "Heartbeat failed: {Reason}", EventName = "SiloHeartbeatFailed")]
        public static partial void HeartbeatFailed(ILogger logger, string reason);

        [LoggerMessage(514, LogLevel.Warning, "Silo {OldSiloId} was evicted; its activations were dropped and it rejoined as {SiloId}", EventName = "SiloRejoined")]
        public static partial void Rejoined(ILogger logger, string oldSiloId, string siloId);

        [LoggerMessage(516, LogLevel.Information, "Took over {Count} sessions that dead silo {SiloId} left in progress with nobody reopening them; they end once their speakers' grace runs out", EventName = "SiloOrphansSwept")]
        public static partial void OrphansSwept(ILogger logger, string siloId, int count);

        [LoggerMessage(517, LogLevel.Warning, "Sweeping the sessions of dead silo {SiloId} failed: {Reason}", EventName = "SiloSweepFailed")]
        public static partial void SweepFailed(ILogger logger, string siloId, string reason);

        [LoggerMessage(515, LogLevel.Warning, "Writing the {What} to the membership table failed: {Reason}", EventName = "SiloLeaveFailed")]
        public static partial void LeaveFailed(ILogger logger, string what, string reason);
    }
}
