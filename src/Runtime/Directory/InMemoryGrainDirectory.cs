using System.Collections.Concurrent;
using LiveTranscription.Runtime.Grains;

namespace LiveTranscription.Runtime.Directory;

/// <summary>
/// Directory for embedded mode (one silo). Epochs come from one process-wide counter that starts at
/// the wall clock (milliseconds) and only increases: every registration gets a higher epoch than any
/// before it, including those a previous run of the process wrote to storage. Entries are removed on
/// unregistration, so memory follows the live activations, not every id ever seen.
/// </summary>
internal sealed class InMemoryGrainDirectory(TimeProvider time) : IGrainDirectory
{
    private readonly ConcurrentDictionary<GrainId, DirectoryEntry> _entries = new();
    private long _lastEpoch;

    public Task<DirectoryEntry> RegisterAsync(GrainId id, string siloId, CancellationToken cancellationToken)
    {
        var clock = time.GetUtcNow().ToUnixTimeMilliseconds();
        long epoch, last;
        do
        {
            last = Interlocked.Read(ref _lastEpoch);
            epoch = Math.Max(last + 1, clock);
        }
        while (Interlocked.CompareExchange(ref _lastEpoch, epoch, last) != last);

        var entry = new DirectoryEntry(id.Key, siloId, epoch);
        _entries[id] = entry;
        return Task.FromResult(entry);
    }

    public Task UnregisterAsync(GrainId id, DirectoryEntry entry, DeactivationReason reason, CancellationToken cancellationToken)
    {
        _entries.TryRemove(KeyValuePair.Create(id, entry));
        return Task.CompletedTask;
    }

    public Task<DirectoryEntry?> LookupAsync(GrainId id, CancellationToken cancellationToken)
        => Task.FromResult(_entries.TryGetValue(id, out var e) ? e : null);
}
