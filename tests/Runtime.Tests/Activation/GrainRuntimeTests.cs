using LiveTranscription.TestKit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using LiveTranscription.Runtime.Grains;

namespace LiveTranscription.Runtime.Tests.Activation;

public sealed class GrainRuntimeTests : IAsyncDisposable
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);
    private readonly ServiceProvider _services;
    private readonly ProbeLedger _ledger = new();
    private readonly ManualTimeProvider _time = new();

    public GrainRuntimeTests()
    {
        var config = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Runtime:ResponseTimeout"] = "00:00:02",
        }).Build();
        _services = new ServiceCollection()
            .AddSingleton<IConfiguration>(config)
            .AddLogging()
            .AddSingleton<TimeProvider>(_time)
            .AddSingleton(_ledger)
            .AddGrainRuntime()
            .AddGrain<IProbeGrain, ProbeGrain>("probe")
            .BuildServiceProvider();
    }

    private IProbeGrain Grain(string key) => _services.GetRequiredService<IGrainFactory>().GetGrain<IProbeGrain>(key);

    [Fact]
    public async Task ConcurrentRequests_RunOneAtATime_EvenAcrossAwaits()
    {
        var grain = Grain("a");
        var results = await Task.WhenAll(Enumerable.Range(0, 40).Select(_ => grain.SlowIncrementAsync(2))).WaitAsync(Wait);

        Assert.Equal(Enumerable.Range(1, 40), results.Order());
        Assert.Equal(1, _ledger.MaxConcurrentTurns);
    }

    [Fact]
    public async Task PostedWork_RunsWhileARequestAwaits_WithoutOverlappingIt()
    {
        var grain = Grain("b");
        var calls = Enumerable.Range(0, 20).Select(_ => grain.AwaitPostedWorkAsync()).ToList();
        calls.Add(grain.SlowIncrementAsync(1).ContinueWith(_ => "x", TaskScheduler.Default));

        await Task.WhenAll(calls).WaitAsync(Wait);

        Assert.Equal(1, _ledger.MaxConcurrentTurns);
    }

    [Fact]
    public async Task DrainPosted_WaitsForEveryTurnPostedBeforeIt()
    {
        var grain = Grain("drain");
        for (var i = 0; i < 200; i++)
        {
            Assert.Equal(5, await grain.PostThenDrainAsync(5).WaitAsync(Wait));
        }
    }

    [Fact]
    public async Task FirstCallsFromManyThreads_CreateOneActivation()
    {
        var calls = Enumerable.Range(0, 64).Select(_ => Task.Run(() => Grain("single").ActivationNumberAsync()));

        var numbers = await Task.WhenAll(calls).WaitAsync(Wait);

        Assert.Single(numbers.Distinct());
        Assert.Equal(1, _ledger.Activations);
    }

    [Fact]
    public async Task AfterDeactivation_TheNextCallGetsANewActivationWithAHigherEpoch()
    {
        var grain = Grain("c");
        var firstEpoch = await grain.EpochAsync().WaitAsync(Wait);
        var first = await grain.ActivationNumberAsync().WaitAsync(Wait);

        await grain.DeactivateAsync().WaitAsync(Wait);
        // Calls racing with the deactivation are neither lost nor served by the old activation.
        var racing = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => grain.ActivationNumberAsync())).WaitAsync(Wait);

        Assert.All(racing, n => Assert.NotEqual(first, n));
        Assert.Single(racing.Distinct());
        Assert.True(await grain.EpochAsync().WaitAsync(Wait) > firstEpoch);
    }

    [Fact]
    public async Task GrainExceptions_ReachTheCallerUnchanged()
    {
        var ex = await Assert.ThrowsAsync<ArgumentException>(() => Grain("d").FailAsync()).WaitAsync(Wait);
        Assert.Equal("bad argument on purpose", ex.Message);
        Assert.Equal(1, await Grain("d").ActivationNumberAsync().WaitAsync(Wait)); // the activation survives
    }

    [Fact]
    public async Task FailedActivation_FailsTheCall_AndTheNextCallActivatesAgain()
    {
        _ledger.FailNextActivation = true;

        await Assert.ThrowsAsync<InvalidOperationException>(() => Grain("e").ActivationNumberAsync()).WaitAsync(Wait);
        Assert.Equal(1, await Grain("e").ActivationNumberAsync().WaitAsync(Wait));
    }

    [Fact]
    public async Task TimerTicks_RunAsTurns_OnTheInjectedClock()
    {
        var grain = Grain("f");
        await grain.StartTimerAsync(TimeSpan.FromSeconds(30)).WaitAsync(Wait);

        _time.Advance(TimeSpan.FromSeconds(29));
        Assert.Equal(0, await grain.TimerTicksAsync().WaitAsync(Wait));
        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(1, await grain.TimerTicksAsync().WaitAsync(Wait)); // the tick was queued before this call
        _time.Advance(TimeSpan.FromSeconds(30));
        Assert.Equal(2, await grain.TimerTicksAsync().WaitAsync(Wait));
        Assert.Equal(1, _ledger.MaxConcurrentTurns);
    }

    [Fact]
    public async Task TimerTicks_ThatFallDueWhileOneIsQueued_AreCoalesced()
    {
        var grain = Grain("h");
        await grain.StartTimerAsync(TimeSpan.FromSeconds(1)).WaitAsync(Wait);

        _time.Advance(TimeSpan.FromSeconds(10)); // ten ticks due at once: no pile-up behind a busy grain

        var ticks = await grain.TimerTicksAsync().WaitAsync(Wait);
        Assert.InRange(ticks, 1, 2);
    }

    [Fact]
    public async Task ACallThatNeverAnswers_TimesOut()
        => await Assert.ThrowsAsync<TimeoutException>(() => Grain("g").HangAsync()).WaitAsync(Wait);

    public async ValueTask DisposeAsync() => await _services.DisposeAsync();
}
