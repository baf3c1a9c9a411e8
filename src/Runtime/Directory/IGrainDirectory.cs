using LiveTranscription.Runtime.Grains;

namespace LiveTranscription.Runtime.Directory;

/// <summary>
/// Maps grains to their owning silo. Registering takes ownership with a new, higher epoch; the
/// cluster implementation does it with a conditional write.
/// </summary>
public interface IGrainDirectory
{
    /// <summary>Takes ownership of <paramref name="id"/> for <paramref name="siloId"/>; returns the entry with its new epoch.</summary>
    Task<DirectoryEntry> RegisterAsync(GrainId id, string siloId, CancellationToken cancellationToken);

    /// <summary>
    /// Releases ownership if <paramref name="entry"/> is still the current one. <paramref name="reason"/> says why the
    /// activation ended (a hand-over leaves the grain for another silo to activate).
    /// </summary>
    Task UnregisterAsync(GrainId id, DirectoryEntry entry, DeactivationReason reason, CancellationToken cancellationToken);

    /// <summary>The current entry, if any.</summary>
    Task<DirectoryEntry?> LookupAsync(GrainId id, CancellationToken cancellationToken);
}
