using LiveTranscription.Runtime.Grains;

namespace LiveTranscription.Runtime.Activation;

/// <summary>One entry of an activation's mailbox.</summary>
internal abstract class WorkItem
{
    /// <summary>Runs the work; must not throw (failures go to the caller's task).</summary>
    public abstract Task ExecuteAsync(Grain grain);

    /// <summary>The activation will never run this item.</summary>
    public abstract void Reject(Exception reason);
}

/// <summary>A request from a caller, whose result completes <see cref="Task"/>.</summary>
internal sealed class RequestWorkItem<T>(Func<Grain, Task<T>> call) : WorkItem
{
    // Continuations run asynchronously so callers never execute on the grain's scheduler.
    private readonly TaskCompletionSource<T> _tcs = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Task<T> Task => _tcs.Task;

    public override async Task ExecuteAsync(Grain grain)
    {
        try
        {
            _tcs.TrySetResult(await call(grain));
        }
        catch (Exception ex)
        {
            _tcs.TrySetException(ex);
        }
    }

    public override void Reject(Exception reason) => _tcs.TrySetException(reason);
}

/// <summary>A timer tick: runs like a request but nobody waits for it.</summary>
internal sealed class TimerWorkItem(GrainTimer timer) : WorkItem
{
    public override Task ExecuteAsync(Grain grain) => timer.RunTickAsync();

    public override void Reject(Exception reason) => timer.TickRejected();
}

/// <summary>Wakes the mailbox loop so it notices a deactivation request.</summary>
internal sealed class NudgeWorkItem : WorkItem
{
    public static readonly NudgeWorkItem Instance = new();

    public override Task ExecuteAsync(Grain grain) => System.Threading.Tasks.Task.CompletedTask;

    public override void Reject(Exception reason)
    {
    }
}
