using Microsoft.Extensions.Logging;

namespace LiveTranscription.Cluster.Membership;

/// <summary>
/// One silo incarnation's view of the membership table: it registers (a new generation per start), heartbeats
/// its load every <see cref="MembershipOptions.HeartbeatPeriod"/> through <see cref="TickAsync"/>, keeps the live
/// set, declares dead the silos silent for longer than <see cref="MembershipOptions.SuspicionTimeout"/>, and deletes
/// the rows of incarnations dead for longer than <see cref="MembershipOptions.DeadRetention"/>. If its
/// own heartbeat is refused (it was declared dead, e.g. after being frozen), or its own last heartbeat is older than the
/// suspicion timeout (its lease ran out, whether or not anybody wrote "dead" yet), <see cref="Evicted"/> is set: the
/// silo must stop its activations and restart as a new generation.
/// </summary>
public sealed partial class SiloMembership(
    DynamoDbMembershipTable table, MembershipOptions options, TimeProvider time, string name, string endpoint, Func<(int Active, int Capacity)> load, ILogger logger)
{
    private IReadOnlyList<SiloEntry> _live = [];
    private IReadOnlyList<SiloEntry> _all = [];
    private DateTimeOffset _lastHeartbeat;

    public SiloEntry? Self { get; private set; }

    public IReadOnlyList<SiloEntry> Live => _live;

    public bool Evicted { get; private set; }

    public SiloStatus Status { get; private set; } = SiloStatus.Joining;

    public async Task JoinAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var (active, capacity) = load();
        Self = new SiloEntry(name, now.ToUnixTimeMilliseconds(), endpoint, SiloStatus.Joining, now, now, active, capacity);
        _lastHeartbeat = now;
        await table.RegisterAsync(Self, cancellationToken).ConfigureAwait(false);
        Status = SiloStatus.Active;
        await TickAsync(cancellationToken).ConfigureAwait(false);
        LogJoined(logger, Self.SiloId, endpoint);
    }

    /// <summary>After an eviction: register again as a new generation (the old incarnation stays dead).</summary>
    public Task RejoinAsync(CancellationToken cancellationToken)
    {
        Evicted = false;
        Status = SiloStatus.Joining;
        return JoinAsync(cancellationToken);
    }

    /// <summary>The silo stops: its row says dead at once, so gateways stop routing to it without waiting for the timeout.</summary>
    public async Task LeftAsync(CancellationToken cancellationToken)
    {
        if (Self is { } self && !Evicted)
        {
            await table.DeclareDeadAsync(self.SiloId, null, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// One round: heartbeat with the current load, read the table, declare the silent dead. Returns the silos this one
    /// declared dead, and those it saw become dead otherwise since the last round (drained, or declared by another).
    /// </summary>
    public async Task<MembershipRound> TickAsync(CancellationToken cancellationToken)
    {
        var self = Self ?? throw new InvalidOperationException("Join first.");
        var now = time.GetUtcNow();
        var (active, capacity) = load();
        if (now - _lastHeartbeat > options.SuspicionTimeout)
        {
            // Our own lease ran out (frozen, starved or cut off): others may already have taken our sessions over,
            // even if nobody has written "dead" yet. Step down as if evicted; a new generation joins.
            await table.DeclareDeadAsync(self.SiloId, null, cancellationToken).ConfigureAwait(false);
            Evicted = true;
            LogLeaseExpired(logger, self.SiloId, (now - _lastHeartbeat).TotalSeconds);
            return MembershipRound.None;
        }

        if (!await table.HeartbeatAsync(self.SiloId, Status, now, active, capacity, cancellationToken).ConfigureAwait(false))
        {
            Evicted = true;
            LogEvicted(logger, self.SiloId);
            return MembershipRound.None;
        }

        _lastHeartbeat = now;

        var all = await table.ReadAllAsync(cancellationToken).ConfigureAwait(false);
        var wasLive = _all.Where(s => s.Status != SiloStatus.Dead).Select(s => s.SiloId).ToHashSet();
        var left = all.Where(s => s.Status == SiloStatus.Dead && wasLive.Contains(s.SiloId) && s.SiloId != self.SiloId).Select(s => s.SiloId).ToList();
        _all = all;
        _live = [.. all.Where(s => s.IsLive(now, options.SuspicionTimeout))];
        var declared = new List<string>();
        foreach (var silent in all.Where(s => s.Status != SiloStatus.Dead && now - s.HeartbeatAt > options.SuspicionTimeout))
        {
            if (await table.DeclareDeadAsync(silent.SiloId, silent.HeartbeatAt, cancellationToken).ConfigureAwait(false))
            {
                LogDeclaredDead(logger, silent.SiloId, (now - silent.HeartbeatAt).TotalSeconds);
                declared.Add(silent.SiloId);
            }
        }

        foreach (var gone in all.Where(s => s.Status == SiloStatus.Dead && now - s.HeartbeatAt > options.DeadRetention))
        {
            if (await table.DeleteDeadAsync(gone.SiloId, cancellationToken).ConfigureAwait(false))
            {
                LogRemoved(logger, gone.SiloId, (now - gone.HeartbeatAt).TotalHours);
            }
        }

        return new MembershipRound(declared, left);
    }

    /// <summary>
    /// Whether this silo is the one that acts for the cluster on events every silo sees (the active silo with the
    /// lowest id), so that such work is done once rather than by every silo.
    /// </summary>
    public bool IsCoordinator
        => Self is { } self && Status == SiloStatus.Active && !Evicted
        && _live.Where(s => s.Status == SiloStatus.Active).Select(s => s.SiloId).Append(self.SiloId).Min(StringComparer.Ordinal) == self.SiloId;

    /// <summary>
    /// Whether <paramref name="siloId"/> counts as alive now, from the last table read: its last heartbeat seen is
    /// compared with the current time, so a silo that went silent since the read is not trusted longer than the timeout.
    /// </summary>
    public bool IsLive(string siloId)
        => siloId == Self?.SiloId && !Evicted
        || _all.FirstOrDefault(s => s.SiloId == siloId) is { } e && e.IsLive(time.GetUtcNow(), options.SuspicionTimeout);

    /// <summary>Drain: no new placements from now on (the next heartbeat carries the status).</summary>
    public Task LeaveAsync(CancellationToken cancellationToken)
    {
        Status = SiloStatus.ShuttingDown;
        return TickAsync(cancellationToken);
    }

    [LoggerMessage(300, LogLevel.Information, "Silo {SiloId} joined the cluster at {Endpoint}", EventName = "SiloJoined")]
    private static partial void LogJoined(ILogger logger, string siloId, string endpoint);

    [LoggerMessage(301, LogLevel.Error, "Silo {SiloId} was declared dead by the cluster; it must stop and restart", EventName = "SiloEvicted")]
    private static partial void LogEvicted(ILogger logger, string siloId);

    [LoggerMessage(303, LogLevel.Error, "Silo {SiloId} could not heartbeat for {Seconds:0.0} s (past the suspicion timeout); it steps down and must rejoin", EventName = "SiloLeaseExpired")]
    private static partial void LogLeaseExpired(ILogger logger, string siloId, double seconds);

    [LoggerMessage(304, LogLevel.Information, "Membership row of {SiloId} removed: dead for {Hours:0.0} h", EventName = "SiloRowRemoved")]
    private static partial void LogRemoved(ILogger logger, string siloId, double hours);

    [LoggerMessage(302, LogLevel.Warning, "Silo {SiloId} declared dead: silent for {Seconds:0.0} s", EventName = "SiloDeclaredDead")]
    private static partial void LogDeclaredDead(ILogger logger, string siloId, double seconds);
}
