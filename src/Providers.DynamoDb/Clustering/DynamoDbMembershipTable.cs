using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Configuration;

namespace LiveTranscription.Providers.DynamoDb.Clustering;

/// <summary>
/// Orleans' membership table in one DynamoDB item per cluster. Every change is a consistent read, a decision on that
/// snapshot, and a put conditional on the item's revision. When the put loses a race, the change is decided again
/// on a fresh read: it goes through if its own check still holds (someone else's IAmAlive or an unrelated row moved
/// the revision), and returns <see langword="false"/> if the table version etag or the row etag is now stale.
/// </summary>
internal sealed partial class DynamoDbMembershipTable(
    MembershipStore store,
    IOptions<ClusterOptions> clusterOptions,
    ILogger<DynamoDbMembershipTable> logger) : IMembershipTable
{
    /// <summary>Puts lost to concurrent writers before a change gives up (each loss means another write succeeded).</summary>
    private const int MaxAttempts = 20;

    /// <summary>The upper bound of the random pause after the n-th lost put is n times this.</summary>
    private static readonly TimeSpan RetryJitter = TimeSpan.FromMilliseconds(5);

    private readonly string _clusterId = clusterOptions.Value.ClusterId;

    public async Task InitializeMembershipTableAsync(bool tryInitTableVersion, CancellationToken cancellationToken = default)
    {
        if (store.CreateTableIfMissing && await store.EnsureTableAsync(cancellationToken).ConfigureAwait(false))
        {
            LogTableCreated(logger, store.TableName);
        }

        if (tryInitTableVersion && await store.TryCreateAsync(_clusterId, cancellationToken).ConfigureAwait(false))
        {
            LogClusterItemCreated(logger, _clusterId, store.TableName);
        }
    }

    public Task DeleteMembershipTableEntriesAsync(string clusterId, CancellationToken cancellationToken = default)
        => store.DeleteAsync(clusterId, cancellationToken);

    public async Task<MembershipTableData> ReadAllAsync(CancellationToken cancellationToken = default)
    {
        var document = await store.ReadAsync(_clusterId, cancellationToken).ConfigureAwait(false);
        return new MembershipTableData([.. document.Rows.Values.Select(ToTuple)], document.Version);
    }

    public async Task<MembershipTableData> ReadRowAsync(SiloAddress key, CancellationToken cancellationToken = default)
    {
        var document = await store.ReadAsync(_clusterId, cancellationToken).ConfigureAwait(false);
        return document.Find(key) is { } row ? new MembershipTableData(ToTuple(row), document.Version) : new MembershipTableData(document.Version);
    }

    public Task<bool> InsertRowAsync(MembershipEntry entry, TableVersion tableVersion, CancellationToken cancellationToken = default)
        => ChangeAsync(nameof(InsertRow), entry.SiloAddress, current =>
        {
            if (current.Version.VersionEtag != tableVersion.VersionEtag || current.Find(entry.SiloAddress) is not null)
            {
                return null;
            }

            var row = new MembershipRow(MembershipDocument.NewEtag(), SiloRecord.From(entry));
            return current.Next(current.Rows.SetItem(row.Silo.SiloAddress, row), tableVersion.Version);
        }, cancellationToken);

    public Task<bool> UpdateRowAsync(MembershipEntry entry, string etag, TableVersion tableVersion, CancellationToken cancellationToken = default)
        => ChangeAsync(nameof(UpdateRow), entry.SiloAddress, current =>
        {
            if (current.Version.VersionEtag != tableVersion.VersionEtag || current.Find(entry.SiloAddress) is not { } stored || stored.ETag != etag)
            {
                return null;
            }

            // The silo owns its heartbeat: an IAmAlive that landed after the caller's read (it keeps the row etag) is
            // not moved back by an update built from that read, e.g. another silo's suspicion vote.
            var silo = SiloRecord.From(entry);
            var row = new MembershipRow(MembershipDocument.NewEtag(), silo with { IAmAliveTime = Later(silo.IAmAliveTime, stored.Silo.IAmAliveTime) });
            return current.Next(current.Rows.SetItem(row.Silo.SiloAddress, row), tableVersion.Version);
        }, cancellationToken);

    public async Task UpdateIAmAliveAsync(MembershipEntry entry, CancellationToken cancellationToken = default)
    {
        // Only the IAmAlive time changes: the row etag and the table version stay, so a concurrent UpdateRow based on
        // the same reads still succeeds (its put is then retried on the new revision).
        var done = await ChangeAsync(nameof(UpdateIAmAlive), entry.SiloAddress, current =>
        {
            var row = current.Find(entry.SiloAddress)
                ?? throw new OrleansException($"UpdateIAmAlive: silo {entry.SiloAddress} has no row in the membership table of cluster '{_clusterId}'.");
            var alive = row with { Silo = row.Silo with { IAmAliveTime = entry.IAmAliveTime } };
            return current.Next(current.Rows.SetItem(row.Silo.SiloAddress, alive));
        }, cancellationToken).ConfigureAwait(false);
        if (!done)
        {
            throw new OrleansException($"UpdateIAmAlive of silo {entry.SiloAddress} lost {MaxAttempts} races for the membership item of cluster '{_clusterId}'.");
        }
    }

    public async Task CleanupDefunctSiloEntriesAsync(DateTimeOffset beforeDate, CancellationToken cancellationToken = default)
    {
        var removed = 0;
        var done = await ChangeAsync(nameof(CleanupDefunctSiloEntries), null, current =>
        {
            var defunct = current.Rows
                .Where(r => r.Value.Silo.SiloStatus == SiloStatus.Dead && r.Value.Silo.EffectiveUpdateTime < beforeDate.UtcDateTime)
                .Select(r => r.Key)
                .ToList();
            removed = defunct.Count;
            return defunct.Count == 0 ? current : current.Next(current.Rows.RemoveRange(defunct));
        }, cancellationToken).ConfigureAwait(false);
        if (!done)
        {
            throw new OrleansException($"CleanupDefunctSiloEntries lost {MaxAttempts} races for the membership item of cluster '{_clusterId}'.");
        }

        LogDefunctRowsRemoved(logger, removed, beforeDate, _clusterId);
    }

    /// <summary>
    /// Applies <paramref name="decide"/> to a fresh snapshot and puts its result, until a put wins. The decision returns
    /// <see langword="null"/> to refuse (the caller gets <see langword="false"/>), the snapshot itself for "nothing to write".
    /// </summary>
    private async Task<bool> ChangeAsync(string operation, SiloAddress? silo, Func<MembershipDocument, MembershipDocument?> decide, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            var current = await store.ReadAsync(_clusterId, cancellationToken).ConfigureAwait(false);
            var next = decide(current);
            if (next is null)
            {
                LogRefused(logger, operation, silo, current.Version);
                return false;
            }

            if (ReferenceEquals(next, current) || await store.TryReplaceAsync(_clusterId, current, next, cancellationToken).ConfigureAwait(false))
            {
                return true;
            }

            if (attempt == MaxAttempts)
            {
                LogGaveUp(logger, operation, silo, attempt);
                return false;
            }

            LogRaceLost(logger, operation, silo, attempt);
            await Task.Delay(RetryJitter * (attempt * Random.Shared.NextDouble()), cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>The later of two times, both read as UTC (as Orleans compares membership times).</summary>
    private static DateTime Later(DateTime supplied, DateTime stored)
        => DateTime.SpecifyKind(stored, DateTimeKind.Utc) > DateTime.SpecifyKind(supplied, DateTimeKind.Utc) ? stored : supplied;

    private static Tuple<MembershipEntry, string> ToTuple(MembershipRow row) => Tuple.Create(row.Silo.ToEntry(), row.ETag);
}
