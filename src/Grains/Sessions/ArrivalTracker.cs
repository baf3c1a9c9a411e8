namespace LiveTranscription.Grains.Sessions;

/// <summary>
/// Remembers when the recent audio arrived (a fixed ring of chunks), so result latencies can be measured
/// from the moment the audio they describe reached the session. Constant memory.
/// </summary>
public sealed class ArrivalTracker(int capacity = 512)
{
    private readonly (TimeSpan AudioEnd, long ArrivedAt)[] _ring = new (TimeSpan, long)[capacity];
    private int _next;
    private int _count;

    /// <summary>Audio up to <paramref name="audioEnd"/> (session time) arrived at timestamp <paramref name="arrivedAt"/>.</summary>
    public void Record(TimeSpan audioEnd, long arrivedAt)
    {
        _ring[_next] = (audioEnd, arrivedAt);
        _next = (_next + 1) % _ring.Length;
        _count = Math.Min(_count + 1, _ring.Length);
    }

    /// <summary>When the chunk containing session time <paramref name="audioTime"/> arrived; null if forgotten.</summary>
    public long? ArrivalOf(TimeSpan audioTime)
    {
        for (var i = _count; i >= 1; i--)
        {
            var entry = _ring[(_next - i + _ring.Length) % _ring.Length];
            if (entry.AudioEnd >= audioTime)
            {
                return i == _count && _count == _ring.Length ? null : entry.ArrivedAt;
            }
        }

        return null;
    }
}
