using System.Buffers;

namespace LiveTranscription.Grains.Engines;

/// <summary>
/// Bounded single-producer/single-consumer queue between a session's turns and its engine thread.
/// Audio counts against the bound; control items (end utterance, flush, stop) always fit.
/// </summary>
internal sealed class EngineInbox(int capacitySamples)
{
    private readonly Queue<Item> _items = new();
    private readonly object _lock = new(); // Monitor.Wait needs an object lock
    private int _buffered;
    private bool _acceptingAudio = true;
    private bool _stopped;

    public int Capacity => capacitySamples;

    public int Buffered
    {
        get
        {
            lock (_lock)
            {
                return _buffered;
            }
        }
    }

    public bool CanAccept(int samples)
    {
        lock (_lock)
        {
            return _acceptingAudio && _buffered + samples <= capacitySamples;
        }
    }

    public bool TryWriteAudio(ReadOnlySpan<short> samples)
    {
        lock (_lock)
        {
            if (!_acceptingAudio || _buffered + samples.Length > capacitySamples)
            {
                return false;
            }

            var buffer = ArrayPool<short>.Shared.Rent(samples.Length);
            samples.CopyTo(buffer);
            _items.Enqueue(new Item(ItemKind.Audio, buffer, samples.Length, null));
            _buffered += samples.Length;
            Monitor.PulseAll(_lock);
            return true;
        }
    }

    public bool TryWriteControl(ItemKind kind, TaskCompletionSource? done = null)
    {
        lock (_lock)
        {
            if (_stopped)
            {
                return false;
            }

            _items.Enqueue(new Item(kind, null, 0, done));
            if (kind == ItemKind.Stop)
            {
                _stopped = true;
                _acceptingAudio = false;
            }

            Monitor.PulseAll(_lock);
            return true;
        }
    }

    /// <summary>Blocks the engine thread until an item is available.</summary>
    public Item Take()
    {
        lock (_lock)
        {
            while (_items.Count == 0)
            {
                Monitor.Wait(_lock);
            }

            return _items.Dequeue();
        }
    }

    /// <summary>Called by the consumer after processing audio: frees buffer space.</summary>
    public void Release(Item item)
    {
        if (item.Audio is null)
        {
            return;
        }

        ArrayPool<short>.Shared.Return(item.Audio);
        lock (_lock)
        {
            _buffered -= item.Length;
        }
    }

    /// <summary>Refuses further audio (the stream failed); control items still pass so it can stop.</summary>
    public void CloseForAudio()
    {
        lock (_lock)
        {
            _acceptingAudio = false;
        }
    }

    internal enum ItemKind
    {
        Audio,
        EndUtterance,
        Flush,
        Stop,
    }

    internal readonly record struct Item(ItemKind Kind, short[]? Audio, int Length, TaskCompletionSource? Done);
}
