using LiveTranscription.Cluster.Directory;
using LiveTranscription.Cluster.Membership;
using Microsoft.Extensions.Options;

namespace LiveTranscription.Gateway.Cluster;

/// <summary>
/// The gateway's view of the cluster: the membership table read every heartbeat period (which silos are live, their
/// endpoints and load) and the directory (who owns a session). <see cref="SiloLost"/> fires when a silo leaves the live
/// set (silent past the suspicion timeout, or gone after a drain), so sessions connected to it move at once even if its
/// sockets stay open (a frozen process).
/// </summary>
internal sealed partial class ClusterView(
    DynamoDbMembershipTable table,
    DynamoDbSessionDirectory directory,
    IOptions<MembershipOptions> options,
    TimeProvider time,
    ILogger<ClusterView> logger) : BackgroundService
{
    private IReadOnlyList<SiloEntry> _all = [];
    private HashSet<string> _liveAtLastRefresh = [];

    public event Action<string>? SiloLost;

    public IReadOnlyList<SiloEntry> Live => [.. _all.Where(s => s.IsLive(time.GetUtcNow(), options.Value.SuspicionTimeout))];

    public bool IsLive(string siloId) => Find(siloId) is { } s && s.IsLive(time.GetUtcNow(), options.Value.SuspicionTimeout);

    public SiloEntry? Find(string siloId) => _all.FirstOrDefault(s => s.SiloId == siloId);

    /// <summary>
    /// Where the session is, or should go: the silo a reply named (<paramref name="hint"/>), else the directory's owner if
    /// it is live, else a placement among the active silos with room (power of two choices). Null when no silo is live.
    /// </summary>
    public async Task<SiloEntry?> ResolveAsync(string sessionId, string? hint, CancellationToken cancellationToken)
    {
        if (hint is not null && IsLive(hint))
        {
            return Find(hint);
        }

        var entry = await directory.LookupAsync(sessionId, cancellationToken).ConfigureAwait(false);
        if (entry is not null && IsLive(entry.OwnerSiloId))
        {
            return Find(entry.OwnerSiloId);
        }

        return Placement.Choose(Live, Random.Shared);
    }

    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        try
        {
            await RefreshAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            Log.RefreshFailed(logger, ex.Message); // the loop retries; calls wait for a live silo meanwhile
        }

        await base.StartAsync(cancellationToken).ConfigureAwait(false);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.HeartbeatPeriod, time);
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
        {
            try
            {
                await RefreshAsync(stoppingToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                Log.RefreshFailed(logger, ex.Message);
            }
        }
    }

    private async Task RefreshAsync(CancellationToken cancellationToken)
    {
        var before = _liveAtLastRefresh;
        _all = await table.ReadAllAsync(cancellationToken).ConfigureAwait(false);
        var now = Live.Select(s => s.SiloId).ToHashSet();
        _liveAtLastRefresh = now;
        foreach (var lost in before.Except(now))
        {
            Log.SiloLost(logger, lost);
            SiloLost?.Invoke(lost);
        }

        foreach (var joined in now.Except(before))
        {
            Log.SiloJoined(logger, joined, Find(joined)?.Endpoint ?? "?");
        }
    }

    private static partial class Log
    {
        [LoggerMessage(600, LogLevel.Warning, "Reading the membership table failed: {Reason}", EventName = "ClusterViewRefreshFailed")]
        public static partial void RefreshFailed(ILogger logger, string reason);

        [LoggerMessage(601, LogLevel.Warning, "Silo {SiloId} left the live set; its sessions move", EventName = "ClusterSiloLost")]
        public static partial void SiloLost(ILogger logger, string siloId);

        [LoggerMessage(602, LogLevel.Information, "Silo {SiloId} joined the live set at {Endpoint}", EventName = "ClusterSiloJoined")]
        public static partial void SiloJoined(ILogger logger, string siloId, string endpoint);
    }
}
