using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization;
using Orleans.Storage;

namespace LiveTranscription.Providers.DynamoDb.Tests.Storage;

/// <summary>
/// What Orleans demands of any <see cref="IGrainStorage"/>, written to break it: ETag fencing (a stale or duplicate
/// write or clear is refused with <see cref="InconsistentStateException"/> and changes nothing), one winner among
/// concurrent first writes, clear semantics, independence of states, and an honest size limit. Depends only on Orleans
/// and xunit, so another test project can link this file and run it against another storage.
/// </summary>
public abstract class GrainStorageSpec
{
    /// <summary>The bound of every await in the spec.</summary>
    protected static readonly TimeSpan Timeout = TimeSpan.FromSeconds(15);

    /// <summary>Orleans' serialization services (codecs of this assembly, activators), for the storage under test.</summary>
    protected static IServiceProvider SerializationServices { get; } = new ServiceCollection()
        .AddSerializer(serializer => serializer.AddAssembly(typeof(GrainStorageSpec).Assembly))
        .BuildServiceProvider();

    /// <summary>Orleans' binary grain state serializer, the one the storage under test should use.</summary>
    protected static IGrainStorageSerializer Serializer { get; } = new OrleansGrainStorageSerializer(SerializationServices.GetRequiredService<Serializer>());

    /// <summary>
    /// The largest serialized state the storage accepts (a larger one must fail with a clear error and write nothing),
    /// or <see langword="null"/> when it has no limit (a large state must then round-trip).
    /// </summary>
    protected virtual int? MaxStateBytes => null;

    /// <summary>A state large enough to pass any limit a storage is likely to declare.</summary>
    protected virtual int LargeStateBytes => (MaxStateBytes ?? (400 * 1024)) + (16 * 1024);

    /// <summary>Creates the storage under test, ready for use (tables or folders created), isolated from other tests.</summary>
    protected abstract Task<IGrainStorage> CreateStorageAsync(CancellationToken cancellationToken);

    [Fact]
    public async Task Read_OfAStateNeverWritten_GivesTheDefaultState_NoRecord_NoETag()
    {
        var storage = await CreateAsync();
        var state = new GrainState<SpecState> { State = null! };

        await storage.ReadStateAsync("state", NewGrain(), state).WaitAsync(Timeout);

        Assert.Equal(new SpecState(), state.State);
        Assert.False(state.RecordExists);
        Assert.Null(state.ETag);
    }

    [Fact]
    public async Task Write_OfANewState_ThenRead_GivesItBack_WithTheETagTheWriteSet()
    {
        var storage = await CreateAsync();
        var grain = NewGrain();
        var written = new GrainState<SpecState> { State = new SpecState { Count = 1, Text = "héllo/κόσμε" } };

        await storage.WriteStateAsync("state", grain, written).WaitAsync(Timeout);
        var read = await ReadAsync(storage, "state", grain);

        Assert.NotNull(written.ETag);
        Assert.True(written.RecordExists);
        Assert.Equal(written.State, read.State);
        Assert.Equal(written.ETag, read.ETag);
        Assert.True(read.RecordExists);
    }

    [Fact]
    public async Task Write_WithItsOwnETag_Succeeds_AndChangesTheETag()
    {
        var storage = await CreateAsync();
        var grain = NewGrain();
        var state = new GrainState<SpecState> { State = new SpecState { Count = 1 } };
        await storage.WriteStateAsync("state", grain, state).WaitAsync(Timeout);
        var first = state.ETag;

        state.State = state.State! with { Count = 2 };
        await storage.WriteStateAsync("state", grain, state).WaitAsync(Timeout);

        Assert.NotEqual(first, state.ETag);
        Assert.Equal(2, (await ReadAsync(storage, "state", grain)).State!.Count);
    }

    [Fact]
    public async Task Write_WithAStaleETag_IsRefused_WithBothETags_AndTheStoredStateIsUnchanged()
    {
        var storage = await CreateAsync();
        var grain = NewGrain();
        await storage.WriteStateAsync("state", grain, new GrainState<SpecState> { State = new SpecState { Count = 1 } }).WaitAsync(Timeout);
        var winner = await ReadAsync(storage, "state", grain);
        var stale = await ReadAsync(storage, "state", grain);
        winner.State = winner.State! with { Count = 2 };
        await storage.WriteStateAsync("state", grain, winner).WaitAsync(Timeout);

        stale.State = stale.State! with { Count = 99 };
        var staleETag = stale.ETag;
        var refused = await Assert.ThrowsAsync<InconsistentStateException>(() => storage.WriteStateAsync("state", grain, stale).WaitAsync(Timeout));

        var stored = await ReadAsync(storage, "state", grain);
        Assert.Equal(2, stored.State!.Count);
        Assert.Equal(winner.ETag, stored.ETag);
        Assert.Equal(staleETag, stale.ETag);
        Assert.Equal(winner.ETag, refused.StoredEtag);
        Assert.Equal(staleETag, refused.CurrentEtag);
    }

    [Fact]
    public async Task Write_WithoutETag_OverAnExistingRecord_IsRefused()
    {
        // A second activation that never read the state must not overwrite what the first one wrote.
        var storage = await CreateAsync();
        var grain = NewGrain();
        await storage.WriteStateAsync("state", grain, new GrainState<SpecState> { State = new SpecState { Count = 1 } }).WaitAsync(Timeout);

        await Assert.ThrowsAsync<InconsistentStateException>(
            () => storage.WriteStateAsync("state", grain, new GrainState<SpecState> { State = new SpecState { Count = 2 } }).WaitAsync(Timeout));

        Assert.Equal(1, (await ReadAsync(storage, "state", grain)).State!.Count);
    }

    [Fact]
    public async Task Write_WithAnETagOfARecordThatDoesNotExist_IsRefused()
    {
        var storage = await CreateAsync();
        var grain = NewGrain();

        await Assert.ThrowsAsync<InconsistentStateException>(
            () => storage.WriteStateAsync("state", grain, new GrainState<SpecState> { State = new SpecState(), ETag = "12345" }).WaitAsync(Timeout));

        Assert.False((await ReadAsync(storage, "state", grain)).RecordExists);
    }

    [Fact]
    public async Task ConcurrentFirstWrites_ExactlyOneSucceeds_AndItsStateIsStored()
    {
        var storage = await CreateAsync();
        var grain = NewGrain();
        var states = Enumerable.Range(1, 6).Select(i => new GrainState<SpecState> { State = new SpecState { Count = i } }).ToList();

        var outcomes = await Task.WhenAll(states.Select(async s =>
        {
            try
            {
                await storage.WriteStateAsync("state", grain, s);
                return true;
            }
            catch (InconsistentStateException)
            {
                return false;
            }
        })).WaitAsync(Timeout);

        var winner = states[Array.IndexOf(outcomes, true)];
        Assert.Single(outcomes, o => o);
        var stored = await ReadAsync(storage, "state", grain);
        Assert.Equal(winner.State, stored.State);
        Assert.Equal(winner.ETag, stored.ETag);
    }

    [Fact]
    public async Task Clear_WithAStaleETag_IsRefused_AndTheStateStays()
    {
        var storage = await CreateAsync();
        var grain = NewGrain();
        var stale = new GrainState<SpecState> { State = new SpecState { Count = 1 } };
        await storage.WriteStateAsync("state", grain, stale).WaitAsync(Timeout);
        var winner = await ReadAsync(storage, "state", grain);
        winner.State = winner.State! with { Count = 2 };
        await storage.WriteStateAsync("state", grain, winner).WaitAsync(Timeout);

        await Assert.ThrowsAsync<InconsistentStateException>(() => storage.ClearStateAsync("state", grain, stale).WaitAsync(Timeout));

        var stored = await ReadAsync(storage, "state", grain);
        Assert.True(stored.RecordExists);
        Assert.Equal(2, stored.State!.Count);
    }

    [Fact]
    public async Task Clear_ThenRead_GivesTheDefaultState_AndAWriteWithTheETagTheClearLeftSucceeds()
    {
        var storage = await CreateAsync();
        var grain = NewGrain();
        var state = new GrainState<SpecState> { State = new SpecState { Count = 5, Text = "x" } };
        await storage.WriteStateAsync("state", grain, state).WaitAsync(Timeout);
        var written = state.ETag;

        await storage.ClearStateAsync("state", grain, state).WaitAsync(Timeout);
        var read = await ReadAsync(storage, "state", grain);

        Assert.False(state.RecordExists);
        Assert.NotEqual(written, state.ETag);
        Assert.Equal(new SpecState(), read.State);
        Assert.False(read.RecordExists);
        Assert.Equal(state.ETag, read.ETag);
        state.State = new SpecState { Count = 6 };
        await storage.WriteStateAsync("state", grain, state).WaitAsync(Timeout);
        Assert.Equal(6, (await ReadAsync(storage, "state", grain)).State!.Count);
    }

    [Fact]
    public async Task Clear_OfAStateNeverWritten_Succeeds()
    {
        var storage = await CreateAsync();
        var state = new GrainState<SpecState> { State = new SpecState() };

        await storage.ClearStateAsync("state", NewGrain(), state).WaitAsync(Timeout);

        Assert.False(state.RecordExists);
    }

    [Fact]
    public async Task AnETagFromBeforeAClear_IsRefused_AfterTheStateIsWrittenAgain()
    {
        // A stale activation kept the ETag of the first record; the state was cleared and written again as often:
        // the ETags of the new record must not repeat the old ones.
        var storage = await CreateAsync();
        var grain = NewGrain();
        var current = new GrainState<SpecState> { State = new SpecState { Count = 1 } };
        await storage.WriteStateAsync("state", grain, current).WaitAsync(Timeout);
        var stale = await ReadAsync(storage, "state", grain);
        await storage.ClearStateAsync("state", grain, current).WaitAsync(Timeout);
        current.State = new SpecState { Count = 2 };
        await storage.WriteStateAsync("state", grain, current).WaitAsync(Timeout);

        stale.State = new SpecState { Count = 99 };
        await Assert.ThrowsAsync<InconsistentStateException>(() => storage.WriteStateAsync("state", grain, stale).WaitAsync(Timeout));

        Assert.Equal(2, (await ReadAsync(storage, "state", grain)).State!.Count);
    }

    [Fact]
    public async Task StatesOfOtherNamesOrGrains_AreIndependent_EvenWhenNamesAndKeysContainSlashes()
    {
        // Joined naively with '/', ("s", t/g/k) and ("s/t", g/k) would be the same record.
        var storage = await CreateAsync();
        var cases = new (string StateName, GrainId Grain)[]
        {
            ("s", GrainId.Create("t", "g/k")),
            ("s/t", GrainId.Create("g", "k")),
            ("s", GrainId.Create("t", "g%2Fk")),
            ("other", GrainId.Create("t", "g/k")),
        };

        for (var i = 0; i < cases.Length; i++)
        {
            await storage.WriteStateAsync(cases[i].StateName, cases[i].Grain, new GrainState<SpecState> { State = new SpecState { Count = i } }).WaitAsync(Timeout);
        }

        for (var i = 0; i < cases.Length; i++)
        {
            Assert.Equal(i, (await ReadAsync(storage, cases[i].StateName, cases[i].Grain)).State!.Count);
        }
    }

    [Fact]
    public async Task AStateAboveTheStorageLimit_FailsClearlyAndWritesNothing_OrRoundTripsWithoutLimit()
    {
        var storage = await CreateAsync();
        var grain = NewGrain();
        var state = new GrainState<SpecState> { State = new SpecState { Count = 1 } };
        await storage.WriteStateAsync("state", grain, state).WaitAsync(Timeout);
        var etag = state.ETag;
        state.State = new SpecState { Count = 2, Text = new string('x', LargeStateBytes) };

        if (MaxStateBytes is null)
        {
            await storage.WriteStateAsync("state", grain, state).WaitAsync(Timeout);
            Assert.Equal(state.State, (await ReadAsync(storage, "state", grain)).State);
            return;
        }

        var error = await Assert.ThrowsAnyAsync<Exception>(() => storage.WriteStateAsync("state", grain, state).WaitAsync(Timeout));

        Assert.IsNotType<InconsistentStateException>(error);
        Assert.Contains("limit", error.Message, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(etag, state.ETag);
        var stored = await ReadAsync(storage, "state", grain);
        Assert.Equal(1, stored.State!.Count);
        Assert.Equal(etag, stored.ETag);
    }

    [Fact]
    public async Task AStateJustUnderTheStorageLimit_RoundTrips()
    {
        var storage = await CreateAsync();
        var grain = NewGrain();
        var state = new GrainState<SpecState> { State = new SpecState { Count = 1, Text = new string('y', (MaxStateBytes ?? (400 * 1024)) - (4 * 1024)) } };

        await storage.WriteStateAsync("state", grain, state).WaitAsync(Timeout);

        Assert.Equal(state.State, (await ReadAsync(storage, "state", grain)).State);
    }

    /// <summary>A fresh grain id (a key with a '/' in it, as GrainIds of string keys may have).</summary>
    protected static GrainId NewGrain() => GrainId.Create("spec-grain", "key/" + Guid.NewGuid().ToString("N"));

    protected static async Task<GrainState<SpecState>> ReadAsync(IGrainStorage storage, string stateName, GrainId grain)
    {
        var state = new GrainState<SpecState>();
        await storage.ReadStateAsync(stateName, grain, state).WaitAsync(Timeout);
        return state;
    }

    private Task<IGrainStorage> CreateAsync() => CreateStorageAsync(CancellationToken.None).WaitAsync(Timeout);
}

/// <summary>The grain state of the spec, serialized by Orleans' serializer.</summary>
[GenerateSerializer]
[Alias("LiveTranscription.Providers.DynamoDb.Tests.SpecState")]
public sealed record SpecState
{
    [Id(0)]
    public int Count { get; init; }

    [Id(1)]
    public string Text { get; init; } = "";
}
