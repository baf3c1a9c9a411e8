namespace LiveTranscription.Runtime.Grains;

/// <summary>What the runtime offers an activation. Grains reach it through <see cref="Grain"/>.</summary>
public interface IGrainContext
{
    GrainId GrainId { get; }

    /// <summary>Directory epoch of this activation; persistent writes are fenced on it.</summary>
    long Epoch { get; }

    /// <summary>A token cancelled when the activation starts deactivating.</summary>
    CancellationToken Deactivating { get; }

    /// <summary>A timer whose ticks run as turns, serialized with requests. Overlapping ticks are skipped.</summary>
    IDisposable RegisterTimer(Func<CancellationToken, Task> callback, TimeSpan dueTime, TimeSpan period);

    /// <summary>Deactivate once the current request completes; later calls get a new activation.</summary>
    void DeactivateOnIdle();

    /// <summary>
    /// Runs <paramref name="work"/> as a turn of this activation: never concurrently with other grain
    /// code, but it may interleave at await points of a running request. For callbacks from threads
    /// the grain does not own (engine results, I/O completions). Dropped once the activation is gone.
    /// </summary>
    void Post(Func<Task> work);

    /// <summary>
    /// Completes once every turn posted before this call has run. Needed because "posted earlier" does
    /// not mean "runs before an await continuation": a continuation can be inlined onto the scheduler
    /// ahead of queued posts. Posted turns themselves run in posting order.
    /// </summary>
    Task DrainPostedAsync();
}
