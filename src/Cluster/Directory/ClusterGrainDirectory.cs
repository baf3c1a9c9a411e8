using LiveTranscription.Cluster.Membership;
using LiveTranscription.Runtime.Directory;
using LiveTranscription.Runtime.Grains;
using RuntimeEntry = LiveTranscription.Runtime.Directory.DirectoryEntry;

namespace LiveTranscription.Cluster.Directory;

/// <summary>
/// The runtime's directory in cluster mode, over <see cref="DynamoDbSessionDirectory"/>. Activating a session on
/// this silo means owning its entry:
/// <list type="bullet">
/// <item>free (never owned, or released by a draining or finished owner): claim it; if another silo won the race,
/// <see cref="GrainOwnedElsewhereException"/> names the winner;</item>
/// <item>owned by a live silo: <see cref="GrainOwnedElsewhereException"/>;</item>
/// <item>owned by a silo that is dead for the membership (silent past the suspicion timeout), or by an earlier
/// activation here: take it over with a conditional write that increments the epoch (fencing the old owner).</item>
/// </list>
/// A silo that is not an active member (joining, draining, evicted) activates nothing.
/// </summary>
public sealed class ClusterGrainDirectory(DynamoDbSessionDirectory directory, SiloMembership membership) : IGrainDirectory
{
    public async Task<RuntimeEntry> RegisterAsync(GrainId id, string siloId, CancellationToken cancellationToken)
    {
        while (true)
        {
            var self = membership.Self;
            if (self is null || membership.Evicted || membership.Status != SiloStatus.Active)
            {
                throw new SiloNotAcceptingException($"This silo is {(membership.Evicted ? "evicted" : membership.Status.ToString().ToLowerInvariant())}; it takes no sessions.");
            }

            var current = await directory.LookupAsync(id.Key, cancellationToken).ConfigureAwait(false);
            if (current is null)
            {
                var claimed = await directory.ClaimAsync(id.Key, self.SiloId, cancellationToken).ConfigureAwait(false);
                return claimed.OwnerSiloId == self.SiloId
                    ? ToRuntime(claimed)
                    : throw new GrainOwnedElsewhereException(id.Key, claimed.OwnerSiloId);
            }

            if (current.OwnerSiloId != self.SiloId && membership.IsLive(current.OwnerSiloId))
            {
                throw new GrainOwnedElsewhereException(id.Key, current.OwnerSiloId);
            }

            if (await directory.TakeOverAsync(current, self.SiloId, cancellationToken).ConfigureAwait(false) is { } taken)
            {
                return ToRuntime(taken);
            }

            // The entry changed between the read and the write (another successor won, or the owner released it): read again.
        }
    }

    public Task UnregisterAsync(GrainId id, RuntimeEntry entry, DeactivationReason reason, CancellationToken cancellationToken)
        => directory.ReleaseAsync(new DirectoryEntry(entry.GrainKey, entry.SiloId, entry.Epoch), handedOver: reason == DeactivationReason.HandOver, cancellationToken);

    public async Task<RuntimeEntry?> LookupAsync(GrainId id, CancellationToken cancellationToken)
        => await directory.LookupAsync(id.Key, cancellationToken).ConfigureAwait(false) is { } e ? ToRuntime(e) : null;

    private static RuntimeEntry ToRuntime(DirectoryEntry e) => new(e.SessionId, e.OwnerSiloId, e.Epoch);
}
