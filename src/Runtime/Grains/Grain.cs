namespace LiveTranscription.Runtime.Grains;

/// <summary>
/// Base class of grains. All grain code runs in turns on the activation's exclusive scheduler:
/// never call <c>ConfigureAwait(false)</c> in grain code, or the continuation leaves the turn.
/// </summary>
public abstract class Grain
{
    private IGrainContext? _context;

    /// <summary>The runtime context; available from <see cref="OnActivateAsync"/> on.</summary>
    protected IGrainContext Context => _context ?? throw new InvalidOperationException("The grain is not activated.");

    /// <summary>The grain's key.</summary>
    protected string GrainKey => Context.GrainId.Key;

    internal void Attach(IGrainContext context) => _context = context;

    /// <summary>Called once, as the activation's first turn.</summary>
    public virtual Task OnActivateAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Called once, as the activation's last turn.</summary>
    public virtual Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken) => Task.CompletedTask;

    /// <inheritdoc cref="IGrainContext.RegisterTimer"/>
    protected IDisposable RegisterTimer(Func<CancellationToken, Task> callback, TimeSpan dueTime, TimeSpan period)
        => Context.RegisterTimer(callback, dueTime, period);

    /// <inheritdoc cref="IGrainContext.DeactivateOnIdle"/>
    protected void DeactivateOnIdle() => Context.DeactivateOnIdle();

    /// <inheritdoc cref="IGrainContext.Post"/>
    protected void Post(Func<Task> work) => Context.Post(work);

    /// <inheritdoc cref="IGrainContext.DrainPostedAsync"/>
    protected Task DrainPostedAsync() => Context.DrainPostedAsync();
}
