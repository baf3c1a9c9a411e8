using LiveTranscription.Cluster.Membership;
using LiveTranscription.TestKit;
using Microsoft.Extensions.Logging.Abstractions;

namespace LiveTranscription.Cluster.Tests;

/// <summary>Silos sharing one membership table (dynalite), on a manual clock.</summary>
public sealed class SiloMembershipTests(DynaliteFixture dynamo) : IClassFixture<DynaliteFixture>
{
    private readonly MembershipOptions _options = new() { HeartbeatPeriod = TimeSpan.FromSeconds(1), SuspicionTimeout = TimeSpan.FromSeconds(3) };

    [Fact]
    public async Task ASilentSilo_IsDeclaredDeadAfterTheSuspicionTimeout_AndLearnsItWasEvicted()
    {
        var (table, time) = await NewClusterAsync();
        var a = Silo(table, time, "a");
        var b = Silo(table, time, "b");
        await a.JoinAsync(CancellationToken.None);
        await b.JoinAsync(CancellationToken.None);
        await a.TickAsync(CancellationToken.None);
        Assert.Equal(2, a.Live.Count);

        for (var i = 0; i < 4; i++) // b freezes (no ticks) for 4 s
        {
            time.Advance(TimeSpan.FromSeconds(1));
            await a.TickAsync(CancellationToken.None);
        }

        await b.TickAsync(CancellationToken.None); // b wakes up

        Assert.Equal([a.Self!.SiloId], a.Live.Select(s => s.SiloId));
        Assert.True(b.Evicted);
        Assert.False(a.Evicted);
    }

    [Fact]
    public async Task ADrainingSilo_LeavesPlacement_ButStaysLive()
    {
        var (table, time) = await NewClusterAsync();
        var a = Silo(table, time, "a");
        var b = Silo(table, time, "b");
        await a.JoinAsync(CancellationToken.None);
        await b.JoinAsync(CancellationToken.None);

        await b.LeaveAsync(CancellationToken.None);
        await a.TickAsync(CancellationToken.None);

        Assert.Equal(2, a.Live.Count);
        for (var seed = 0; seed < 20; seed++)
        {
            Assert.Equal(a.Self!.SiloId, Placement.Choose(a.Live, new Random(seed))!.SiloId);
        }
    }

    [Fact]
    public void Placement_PrefersTheLessLoadedOfTwo_AndSkipsFullSilos()
    {
        var t = DateTimeOffset.UnixEpoch;
        SiloEntry S(string n, int active, int capacity = 100) => new(n, 1, "e", SiloStatus.Active, t, t, active, capacity);
        var silos = new[] { S("busy", 90), S("idle", 5), S("full", 100) };

        var picks = Enumerable.Range(0, 200).Select(i => Placement.Choose(silos, new Random(i))!.Name).ToList();

        Assert.DoesNotContain("full", picks);
        Assert.True(picks.Count(p => p == "idle") > picks.Count(p => p == "busy"));
        Assert.Null(Placement.Choose([S("full", 100)], new Random(1)));
    }

    private async Task<(DynamoDbMembershipTable Table, ManualTimeProvider Time)> NewClusterAsync()
    {
        var table = new DynamoDbMembershipTable(dynamo.Client, "Silos-" + Guid.NewGuid().ToString("N"));
        await table.EnsureTableAsync(CancellationToken.None);
        return (table, new ManualTimeProvider());
    }

    private SiloMembership Silo(DynamoDbMembershipTable table, ManualTimeProvider time, string name)
    {
        time.Advance(TimeSpan.FromMilliseconds(1)); // distinct generations
        return new SiloMembership(table, _options, time, name, $"http://{name}:5100", () => (0, 100), NullLogger.Instance);
    }
}
