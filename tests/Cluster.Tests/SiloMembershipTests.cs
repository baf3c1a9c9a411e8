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
    public async Task ASiloThatDrains_IsReportedAsLeft_AndOneCoordinatorActsOnIt()
    {
        var (table, time) = await NewClusterAsync();
        var a = Silo(table, time, "a");
        var b = Silo(table, time, "b");
        var c = Silo(table, time, "c");
        await a.JoinAsync(CancellationToken.None);
        await b.JoinAsync(CancellationToken.None);
        await c.JoinAsync(CancellationToken.None);
        await a.TickAsync(CancellationToken.None);
        await b.TickAsync(CancellationToken.None);

        await c.LeftAsync(CancellationToken.None);
        var seenByA = await a.TickAsync(CancellationToken.None);
        var seenByB = await b.TickAsync(CancellationToken.None);

        Assert.Equal([c.Self!.SiloId], seenByA.Left);
        Assert.Equal([c.Self!.SiloId], seenByB.Left);
        Assert.Empty(seenByA.DeclaredDead);
        Assert.Empty((await a.TickAsync(CancellationToken.None)).Left); // reported once
        Assert.Equal([true, false], [a.IsCoordinator, b.IsCoordinator]);
        await a.LeaveAsync(CancellationToken.None); // a drains: b takes the role
        await b.TickAsync(CancellationToken.None);
        Assert.True(b.IsCoordinator);
    }

    [Fact]
    public async Task DeadRows_AreDeletedAfterTheRetention_AndTheirIncarnationStillCannotComeBack()
    {
        var (table, time) = await NewClusterAsync();
        var a = Silo(table, time, "a");
        var gone = Silo(table, time, "gone");
        var frozen = Silo(table, time, "frozen");
        await a.JoinAsync(CancellationToken.None);
        await gone.JoinAsync(CancellationToken.None);
        await frozen.JoinAsync(CancellationToken.None);
        await gone.LeftAsync(CancellationToken.None); // drained
        time.Advance(TimeSpan.FromSeconds(4));
        await a.TickAsync(CancellationToken.None); // declares "frozen" dead
        async Task<string[]> Rows() => [.. (await table.ReadAllAsync(CancellationToken.None)).Select(s => s.Name).Order()];

        time.Advance(_options.DeadRetention - TimeSpan.FromSeconds(30)); // a deployment later (a is gone too)
        var b = Silo(table, time, "b");
        await b.JoinAsync(CancellationToken.None);
        Assert.Equal(["a", "b", "frozen", "gone"], await Rows()); // dead rows stay for the retention

        time.Advance(TimeSpan.FromMinutes(1));
        var c = Silo(table, time, "c");
        await c.JoinAsync(CancellationToken.None);
        Assert.Equal(["b", "c"], await Rows()); // b is dead, but only just

        Assert.False(await table.HeartbeatAsync(frozen.Self!.SiloId, SiloStatus.Active, time.GetUtcNow(), 0, 100, CancellationToken.None));
        Assert.Equal(["b", "c"], await Rows()); // a deleted incarnation cannot come back
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
