using Microsoft.Extensions.Options;

namespace LiveTranscription.Grains.Sessions;

/// <summary>Counts this silo's live sessions against <see cref="CapacityOptions.MaxActiveSessions"/>.</summary>
public sealed class SessionCapacity(IOptions<CapacityOptions> options)
{
    private int _active;

    public int Active => Volatile.Read(ref _active);

    public int Limit => options.Value.MaxActiveSessions;

    public TimeSpan RetryAfter => options.Value.RetryAfter;

    public bool TryAcquire()
    {
        while (true)
        {
            var current = Volatile.Read(ref _active);
            if (current >= options.Value.MaxActiveSessions)
            {
                return false;
            }

            if (Interlocked.CompareExchange(ref _active, current + 1, current) == current)
            {
                return true;
            }
        }
    }

    /// <summary>A session taken over from a dead or draining silo is counted even above the limit: it must go somewhere.</summary>
    public void ForceAcquire() => Interlocked.Increment(ref _active);

    public void Release() => Interlocked.Decrement(ref _active);
}
