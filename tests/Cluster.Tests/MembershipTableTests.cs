using LiveTranscription.Cluster.Membership;

namespace LiveTranscription.Cluster.Tests;

/// <summary>The membership table against DynamoDB's API (dynalite).</summary>
public sealed class MembershipTableTests(DynaliteFixture dynamo) : IClassFixture<DynaliteFixture>, IAsyncLifetime
{
    private static readonly TimeSpan Suspicion = TimeSpan.FromSeconds(6);
    private static readonly DateTimeOffset T0 = new(2026, 11, 21, 9, 0, 0, TimeSpan.Zero);
    private readonly DynamoDbMembershipTable _table = new(dynamo.Client, "Silos-" + Guid.NewGuid().ToString("N"));

    public async ValueTask InitializeAsync() => await _table.EnsureTableAsync(CancellationToken.None);

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    [Fact]
    public async Task ASiloThatStopsHeartbeating_LeavesTheLiveSet_AndWhenDeclaredDead_CannotHeartbeatAgain()
    {
        var a = Silo("a", 1, T0);
        var b = Silo("b", 1, T0);
        await _table.RegisterAsync(a, CancellationToken.None);
        await _table.RegisterAsync(b, CancellationToken.None);
        Assert.True(await _table.HeartbeatAsync(a.SiloId, SiloStatus.Active, T0.AddSeconds(9), 3, 100, CancellationToken.None)); // b is silent

        var silos = await _table.ReadAllAsync(CancellationToken.None);
        var live = silos.Where(s => s.IsLive(T0.AddSeconds(10), Suspicion)).Select(s => s.SiloId).ToList();
        var silentB = silos.Single(s => s.Name == "b");
        var declared = await _table.DeclareDeadAsync(silentB.SiloId, silentB.HeartbeatAt, CancellationToken.None);
        var resurrected = await _table.HeartbeatAsync(b.SiloId, SiloStatus.Active, T0.AddSeconds(11), 0, 100, CancellationToken.None);

        Assert.Equal([a.SiloId], live);
        Assert.Equal(3, silos.Single(s => s.Name == "a").ActiveSessions);
        Assert.True(declared);
        Assert.False(resurrected); // it must restart as a new generation
    }

    [Fact]
    public async Task ARestartedSilo_RegistersANewGeneration_AndAFreshHeartbeatBeatsADeathSentence()
    {
        var old = Silo("a", 1, T0);
        var restarted = Silo("a", 2, T0.AddMinutes(1));
        await _table.RegisterAsync(old, CancellationToken.None);
        await _table.RegisterAsync(restarted, CancellationToken.None);
        await Assert.ThrowsAnyAsync<Exception>(() => _table.RegisterAsync(restarted, CancellationToken.None)); // one registration per incarnation

        await _table.HeartbeatAsync(restarted.SiloId, SiloStatus.Active, T0.AddMinutes(1).AddSeconds(3), 0, 100, CancellationToken.None);
        var declared = await _table.DeclareDeadAsync(restarted.SiloId, restarted.HeartbeatAt, CancellationToken.None); // based on a stale read

        var silos = await _table.ReadAllAsync(CancellationToken.None);
        Assert.Equal(2, silos.Count(s => s.Name == "a"));
        Assert.NotEqual(old.SiloId, restarted.SiloId);
        Assert.False(declared);
        Assert.Equal(SiloStatus.Active, silos.Single(s => s.SiloId == restarted.SiloId).Status);
    }

    private static SiloEntry Silo(string name, long generation, DateTimeOffset at)
        => new(name, generation, $"http://10.0.0.{generation}:5100", SiloStatus.Joining, at, at, 0, 100);
}
