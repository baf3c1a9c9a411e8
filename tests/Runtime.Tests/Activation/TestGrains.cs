using LiveTranscription.Runtime.Grains;

namespace LiveTranscription.Runtime.Tests.Activation;

public interface IProbeGrain
{
    Task<int> SlowIncrementAsync(int delayMs);

    Task<long> EpochAsync();

    Task<int> ActivationNumberAsync();

    Task DeactivateAsync();

    Task FailAsync();

    Task<string> AwaitPostedWorkAsync();

    Task StartTimerAsync(TimeSpan period);

    Task<int> TimerTicksAsync();

    Task<int> HangAsync();

    Task<int> PostThenDrainAsync(int posts);
}

/// <summary>Counts what happens across activations (a singleton service, not static state).</summary>
public sealed class ProbeLedger
{
    private int _activations;
    private int _inside;
    private int _maxInside;

    public int Activations => Volatile.Read(ref _activations);

    public int MaxConcurrentTurns => Volatile.Read(ref _maxInside);

    public bool FailNextActivation { get; set; }

    public int NewActivation() => Interlocked.Increment(ref _activations);

    public IDisposable Enter()
    {
        var now = Interlocked.Increment(ref _inside);
        int max;
        while (now > (max = Volatile.Read(ref _maxInside)) && Interlocked.CompareExchange(ref _maxInside, now, max) != max)
        {
        }

        return new Exit(this);
    }

    private sealed class Exit(ProbeLedger ledger) : IDisposable
    {
        public void Dispose() => Interlocked.Decrement(ref ledger._inside);
    }
}

public sealed class ProbeGrain(ProbeLedger ledger) : Grain, IProbeGrain
{
    private int _counter;
    private int _activationNumber;
    private int _ticks;
    private IDisposable? _timer;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (ledger.FailNextActivation)
        {
            ledger.FailNextActivation = false;
            throw new InvalidOperationException("activation failed on purpose");
        }

        _activationNumber = ledger.NewActivation();
        return Task.CompletedTask;
    }

    public async Task<int> SlowIncrementAsync(int delayMs)
    {
        var before = _counter;
        using (ledger.Enter())
        {
        }

        await Task.Delay(delayMs);
        using (ledger.Enter())
        {
            // Non-reentrant: nobody changed the counter while this request awaited.
            _counter = before + 1;
        }

        return _counter;
    }

    public Task<long> EpochAsync() => Task.FromResult(Context.Epoch);

    public Task<int> ActivationNumberAsync() => Task.FromResult(_activationNumber);

    public Task DeactivateAsync()
    {
        DeactivateOnIdle();
        return Task.CompletedTask;
    }

    public Task FailAsync() => throw new ArgumentException("bad argument on purpose");

    public async Task<string> AwaitPostedWorkAsync()
    {
        var done = new TaskCompletionSource<string>();
        // Simulates an engine thread handing a result back: it must run while this request awaits.
        _ = Task.Run(() => Post(() =>
        {
            using (ledger.Enter())
            {
                done.SetResult("posted ran");
            }

            return Task.CompletedTask;
        }));
        return await done.Task;
    }

    public Task StartTimerAsync(TimeSpan period)
    {
        _timer = RegisterTimer(_ =>
        {
            using (ledger.Enter())
            {
                _ticks++;
            }

            return Task.CompletedTask;
        }, period, period);
        return Task.CompletedTask;
    }

    public Task<int> TimerTicksAsync() => Task.FromResult(_ticks);

    public async Task<int> PostThenDrainAsync(int posts)
    {
        var applied = 0;
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        // Like an engine thread: post results, then signal completion from the same foreign thread.
        var thread = new Thread(() =>
        {
            for (var i = 0; i < posts; i++)
            {
                Post(() =>
                {
                    applied++;
                    return Task.CompletedTask;
                });
            }

            done.SetResult();
        });
        thread.Start();
        await done.Task;
        await DrainPostedAsync();
        return applied;
    }

    public async Task<int> HangAsync()
    {
        await Task.Delay(Timeout.Infinite);
        return 0;
    }
}
