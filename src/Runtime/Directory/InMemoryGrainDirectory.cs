using System.Collections.Concurrent;
using LiveTranscription.Runtime.Grains;

namespace LiveTranscription.Runtime.Directory;

/// <summary>
/// Directory for embedded mode (one silo). Epochs keep increasing per grain for the life of the
/// process, so a later activation always fences an earlier one.
/// </summary>
internal sealed class InMemoryGrainDirectory : IGrainDirectory
{
    private readonly ConcurrentDictionary<GrainId, DirectoryEntry> _entries = new();
    private readonly ConcurrentDictionary<GrainId, long> _epochs = new();

    public Task<DirectoryEntry> RegisterAsync(GrainId id, string siloId, CancellationToken cancellationToken)
    {
        var epoch = _epochs.AddOrUpdate(id, 1, static (_, e) => e + 1);
        var entry = new DirectoryEntry(id.Key, siloId, epoch);
        _entries[id] = entry;
        return Task.FromResult(entry);
    }

    public Task UnregisterAsync(GrainId id, DirectoryEntry entry, CancellationToken cancellationToken)
    {
        _entries.TryRemove(KeyValuePair.Create(id, entry));
        return Task.CompletedTask;
    }

    public Task<DirectoryEntry?> LookupAsync(GrainId id, CancellationToken cancellationToken)
        => Task.FromResult(_entries.TryGetValue(id, out var e) ? e : null);
}
