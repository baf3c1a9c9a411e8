using System.Threading.Channels;
using LiveTranscription.Runtime.Directory;
using LiveTranscription.Runtime.Grains;
using Microsoft.Extensions.Logging;

namespace LiveTranscription.Runtime.Activation;

/// <summary>
/// One activation of a grain: a mailbox of requests and timer ticks processed one at a time
/// (non-reentrant), with all grain code running on an exclusive scheduler so that turns never overlap.
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001", Justification = "The token source is disposed at the end of ShutdownAsync, the activation's last step.")]
internal sealed class GrainActivation : IGrainContext
{
    private readonly Channel<WorkItem> _mailbox = Channel.CreateUnbounded<WorkItem>(new UnboundedChannelOptions { SingleReader = true });
    private readonly TaskScheduler _scheduler = new ConcurrentExclusiveSchedulerPair().ExclusiveScheduler;
    private readonly TaskCompletionSource _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly CancellationTokenSource _deactivating = new();
    private readonly List<GrainTimer> _timers = [];
    private readonly Lock _lock = new();
    private readonly Grain _grain;
    private readonly ActivationCatalog _catalog;
    private readonly IGrainDirectory _directory;
    private readonly RuntimeOptions _options;
    private readonly TimeProvider _time;
    private DirectoryEntry? _entry;
    private bool _accepting = true;
    private volatile bool _valid = true;
    private volatile bool _deactivateRequested;
    private DeactivationReason _requestedReason = DeactivationReason.ApplicationRequested;

    public GrainActivation(GrainId id, Grain grain, ActivationCatalog catalog, IGrainDirectory directory, RuntimeOptions options, TimeProvider time, ILogger logger)
    {
        GrainId = id;
        _grain = grain;
        _catalog = catalog;
        _directory = directory;
        _options = options;
        _time = time;
        Logger = logger;
        grain.Attach(this);
    }

    public GrainId GrainId { get; }

    public long Epoch => _entry?.Epoch ?? 0;

    public CancellationToken Deactivating => _deactivating.Token;

    internal ILogger Logger { get; }

    /// <summary>Completes when the activation is gone (deactivated or failed to activate).</summary>
    public Task Completion => _completion.Task;

    public void Start() => _ = Task.Run(RunAsync);

    public bool TryEnqueue(WorkItem item)
    {
        lock (_lock)
        {
            return _accepting && _mailbox.Writer.TryWrite(item);
        }
    }

    public IDisposable RegisterTimer(Func<CancellationToken, Task> callback, TimeSpan dueTime, TimeSpan period)
    {
        var timer = new GrainTimer(this, _time, callback, dueTime, period);
        lock (_lock)
        {
            _timers.Add(timer);
        }

        return timer;
    }

    internal void RemoveTimer(GrainTimer timer)
    {
        lock (_lock)
        {
            _timers.Remove(timer);
        }
    }

    public void DeactivateOnIdle()
    {
        _deactivateRequested = true;
        TryEnqueue(NudgeWorkItem.Instance);
    }

    public void Post(Func<Task> work)
    {
        if (!_valid)
        {
            return;
        }

        _ = RunTurnAsync(async () =>
        {
            if (!_valid)
            {
                return;
            }

            try
            {
                await work();
            }
            catch (Exception ex)
            {
                RuntimeLog.PostFailed(Logger, GrainId.ToString(), ex);
            }
        });
    }

    public Task DrainPostedAsync()
    {
        var drained = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        // StartNew onto the exclusive scheduler is FIFO, so this runs after everything posted before it.
        _ = RunTurnAsync(() =>
        {
            drained.TrySetResult();
            return Task.CompletedTask;
        });
        return drained.Task;
    }

    /// <summary>Asks the activation to go away as soon as the current request completes (silo shutdown or drain).</summary>
    public Task DeactivateAsync(DeactivationReason reason = DeactivationReason.ShuttingDown)
    {
        _requestedReason = reason;
        DeactivateOnIdle();
        return Completion;
    }

    private Task RunTurnAsync(Func<Task> work)
        => Task.Factory.StartNew(work, CancellationToken.None, TaskCreationOptions.DenyChildAttach, _scheduler).Unwrap();

    private async Task RunAsync()
    {
        try
        {
            _entry = await _directory.RegisterAsync(GrainId, _options.SiloId, CancellationToken.None);
            await RunTurnAsync(() => _grain.OnActivateAsync(_deactivating.Token));
            RuntimeLog.Activated(Logger, GrainId.ToString(), Epoch);
        }
        catch (Exception ex)
        {
            RuntimeLog.ActivationFailed(Logger, GrainId.ToString(), ex);
            await ShutdownAsync(DeactivationReason.ActivationFailed, ex);
            return;
        }

        while (await _mailbox.Reader.WaitToReadAsync())
        {
            while (_mailbox.Reader.TryRead(out var item))
            {
                await RunTurnAsync(() => item.ExecuteAsync(_grain));
                if (_deactivateRequested)
                {
                    await ShutdownAsync(_requestedReason, null);
                    return;
                }
            }
        }
    }

    private async Task ShutdownAsync(DeactivationReason reason, Exception? activationError)
    {
        GrainTimer[] timers;
        lock (_lock)
        {
            _accepting = false;
            _mailbox.Writer.TryComplete();
            timers = [.. _timers];
        }

        foreach (var timer in timers)
        {
            timer.Dispose();
        }

        // Requests that were queued behind the deactivation go to the next activation,
        // except when activation itself failed: then the callers get that error.
        Exception rejection = activationError ?? new ActivationDeactivatedException();
        while (_mailbox.Reader.TryRead(out var queued))
        {
            queued.Reject(rejection);
        }

        await _deactivating.CancelAsync();
        if (activationError is null)
        {
            try
            {
                using var timeout = new CancellationTokenSource(_options.DeactivationTimeout);
                await RunTurnAsync(() => _grain.OnDeactivateAsync(reason, timeout.Token)).WaitAsync(_options.DeactivationTimeout);
            }
            catch (Exception ex)
            {
                RuntimeLog.DeactivationFailed(Logger, GrainId.ToString(), ex);
            }
        }

        _valid = false;
        try
        {
            if (_entry is not null)
            {
                await _directory.UnregisterAsync(GrainId, _entry, reason, CancellationToken.None);
            }
        }
        finally
        {
            _catalog.Remove(this);
            RuntimeLog.Deactivated(Logger, GrainId.ToString(), reason.ToString());
            _deactivating.Dispose();
            _completion.TrySetResult();
        }
    }
}
