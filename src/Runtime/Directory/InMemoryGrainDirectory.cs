using System.Collections.Concurrent;
using LiveTranscription.Runtime.Grains;

namespace LiveTranscription.Runtime.Directory;

/// <summary>
/// Directory for embedded mode (one silo). Epochs increase per grain and start from the wall clock
/// (milliseconds), so they also exceed the epochs a previous run of the process wrote to storage:
/// a restarted process can take over what its predecessor left, and an older activation is fenced.
/// </summary>
internal sealed class InMemoryGrainDirectory(TimeProvider time) : IGrainDirectory
{
    private readonly ConcurrentDictionary<GrainId, DirectoryEntry> _entries = new();
    private readonly ConcurrentDictionary<GrainId, long> _epochs = new();

    public Task<DirectoryEntry> RegisterAsync(GrainId id, string siloId, CancellationToken cancellationToken)
    {
        var clock = time.GetUtcNow().ToUnixTimeMilliseconds();
        var epoch = _epochs.AddOrUpdate(id, clock, (_, e) => Math.Max(e + 1, clock));
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
