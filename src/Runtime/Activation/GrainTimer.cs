
namespace LiveTranscription.Runtime.Activation;

/// <summary>
/// A timer whose ticks are queued into the activation's mailbox, so they never overlap requests.
/// A tick is skipped while the previous one is still queued or running.
/// </summary>
internal sealed class GrainTimer : IDisposable
{
    private readonly GrainActivation _activation;
    private readonly Func<CancellationToken, Task> _callback;
    private readonly ITimer _timer;
    private int _pending;
    private bool _disposed;

    public GrainTimer(GrainActivation activation, TimeProvider time, Func<CancellationToken, Task> callback, TimeSpan dueTime, TimeSpan period)
    {
        _activation = activation;
        _callback = callback;
        _timer = time.CreateTimer(static s => ((GrainTimer)s!).OnTick(), this, dueTime, period);
    }

    private void OnTick()
    {
        if (Volatile.Read(ref _disposed) || Interlocked.Exchange(ref _pending, 1) == 1)
        {
            return;
        }

        if (!_activation.TryEnqueue(new TimerWorkItem(this)))
        {
            Volatile.Write(ref _pending, 0);
        }
    }

    internal async Task RunTickAsync()
    {
        try
        {
            if (!Volatile.Read(ref _disposed))
            {
                await _callback(_activation.Deactivating);
            }
        }
        catch (Exception ex)
        {
            RuntimeLog.TimerFailed(_activation.Logger, _activation.GrainId.ToString(), ex);
        }
        finally
        {
            Volatile.Write(ref _pending, 0);
        }
    }

    internal void TickRejected() => Volatile.Write(ref _pending, 0);

    public void Dispose()
    {
        Volatile.Write(ref _disposed, true);
        _timer.Dispose();
        _activation.RemoveTimer(this);
    }
}
