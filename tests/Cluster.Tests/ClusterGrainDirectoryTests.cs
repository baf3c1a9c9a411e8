using LiveTranscription.Cluster.Directory;
using LiveTranscription.Cluster.Membership;
using LiveTranscription.Runtime.Directory;
using LiveTranscription.Runtime.Grains;
using LiveTranscription.TestKit;
using Microsoft.Extensions.Logging.Abstractions;

namespace LiveTranscription.Cluster.Tests;

/// <summary>Activation as ownership: the runtime's directory over DynamoDB, with two silos on a manual clock.</summary>
public sealed class ClusterGrainDirectoryTests(DynaliteFixture dynamo) : IClassFixture<DynaliteFixture>
{
    private readonly MembershipOptions _options = new() { HeartbeatPeriod = TimeSpan.FromSeconds(1), SuspicionTimeout = TimeSpan.FromSeconds(3) };

    [Fact]
    public async Task AnOwnedSession_IsRefusedElsewhere_UntilItsOwnerIsDead_ThenTakenOverAtTheNextEpoch()
    {
        var (a, b, dirA, dirB, time) = await TwoSilosAsync();
        var id = new GrainId("session", Guid.NewGuid().ToString("D"));

        var first = await dirA.RegisterAsync(id, "ignored", CancellationToken.None);
        Assert.Equal((a.Self!.SiloId, 1L), (first.SiloId, first.Epoch));
        var refused = await Assert.ThrowsAsync<GrainOwnedElsewhereException>(() => dirB.RegisterAsync(id, "ignored", CancellationToken.None));
        Assert.Equal(a.Self.SiloId, refused.OwnerSiloId);

        for (var i = 0; i < 4; i++) // a goes silent
        {
            time.Advance(TimeSpan.FromSeconds(1));
            await b.TickAsync(CancellationToken.None);
        }

        var taken = await dirB.RegisterAsync(id, "ignored", CancellationToken.None);
        Assert.Equal((b.Self!.SiloId, 2L), (taken.SiloId, taken.Epoch));
    }

    [Fact]
    public async Task AReleasedSession_IsClaimedAboveItsOldEpoch_AndADrainingSiloActivatesNothing()
    {
        var (_, b, dirA, dirB, _) = await TwoSilosAsync();
        var id = new GrainId("session", Guid.NewGuid().ToString("D"));
        var held = await dirA.RegisterAsync(id, "ignored", CancellationToken.None);
        await dirA.UnregisterAsync(id, held, DeactivationReason.HandOver, CancellationToken.None);

        var claimed = await dirB.RegisterAsync(id, "ignored", CancellationToken.None);
        Assert.Equal(2, claimed.Epoch);

        await b.LeaveAsync(CancellationToken.None);
        await Assert.ThrowsAsync<SiloNotAcceptingException>(() => dirB.RegisterAsync(new GrainId("session", Guid.NewGuid().ToString("D")), "ignored", CancellationToken.None));
    }

    private async Task<(SiloMembership A, SiloMembership B, ClusterGrainDirectory DirA, ClusterGrainDirectory DirB, ManualTimeProvider Time)> TwoSilosAsync()
    {
        var suffix = Guid.NewGuid().ToString("N");
        var table = new DynamoDbMembershipTable(dynamo.Client, "Silos-" + suffix);
        var directory = new DynamoDbSessionDirectory(dynamo.Client, "Directory-" + suffix);
        await table.EnsureTableAsync(CancellationToken.None);
        await directory.EnsureTableAsync(CancellationToken.None);
        var time = new ManualTimeProvider();
        var a = new SiloMembership(table, _options, time, "a", "http://a", () => (0, 100), NullLogger.Instance);
        time.Advance(TimeSpan.FromMilliseconds(1));
        var b = new SiloMembership(table, _options, time, "b", "http://b", () => (0, 100), NullLogger.Instance);
        await a.JoinAsync(CancellationToken.None);
        await b.JoinAsync(CancellationToken.None);
        await a.TickAsync(CancellationToken.None);
        return (a, b, new ClusterGrainDirectory(directory, a), new ClusterGrainDirectory(directory, b), time);
    }
}
