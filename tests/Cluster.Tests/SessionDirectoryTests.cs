using LiveTranscription.Cluster.Directory;

namespace LiveTranscription.Cluster.Tests;

/// <summary>The directory's conditional writes against DynamoDB's API (dynalite): single owner, takeover, fencing epochs.</summary>
public sealed class SessionDirectoryTests(DynaliteFixture dynamo) : IClassFixture<DynaliteFixture>, IAsyncLifetime
{
    private readonly DynamoDbSessionDirectory _directory = new(dynamo.Client, "Directory");

    public async ValueTask InitializeAsync() => await _directory.EnsureTableAsync(CancellationToken.None);

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    [Fact]
    public async Task ConcurrentClaims_OfOneSession_EndWithOneOwner()
    {
        var id = Guid.NewGuid().ToString();

        var claims = await Task.WhenAll(Enumerable.Range(0, 8).Select(i => _directory.ClaimAsync(id, $"silo-{i}@1", CancellationToken.None)));

        var owner = Assert.Single(claims.Select(c => c.OwnerSiloId).Distinct());
        Assert.All(claims, c => Assert.Equal(1, c.Epoch));
        Assert.Equal(owner, (await _directory.LookupAsync(id, CancellationToken.None))!.OwnerSiloId);
    }

    [Fact]
    public async Task ATakeover_IncrementsTheEpoch_AndOnlyOneOfTwoSuccessorsWins()
    {
        var id = Guid.NewGuid().ToString();
        var first = await _directory.ClaimAsync(id, "a@1", CancellationToken.None);

        var results = await Task.WhenAll(_directory.TakeOverAsync(first, "b@1", CancellationToken.None), _directory.TakeOverAsync(first, "c@1", CancellationToken.None));
        var stale = await _directory.TakeOverAsync(first, "d@1", CancellationToken.None);

        var winner = Assert.Single(results, r => r is not null)!;
        Assert.Equal(2, winner.Epoch);
        Assert.Null(stale);
        Assert.Equal(winner, await _directory.LookupAsync(id, CancellationToken.None));
    }

    [Fact]
    public async Task ARelease_FreesTheEntry_AndTheNextClaimStartsAboveTheOldEpoch()
    {
        var id = Guid.NewGuid().ToString();
        var held = await _directory.ClaimAsync(id, "a@1", CancellationToken.None);
        var moved = (await _directory.TakeOverAsync(held, "b@1", CancellationToken.None))!;

        Assert.False(await _directory.ReleaseAsync(held, handedOver: false, CancellationToken.None)); // a stale owner cannot release
        Assert.True(await _directory.ReleaseAsync(moved, handedOver: false, CancellationToken.None));
        Assert.Null(await _directory.LookupAsync(id, CancellationToken.None));
        var next = await _directory.ClaimAsync(id, "c@1", CancellationToken.None);

        Assert.Equal(("c@1", 3L), (next.OwnerSiloId, next.Epoch)); // epochs never go back: fencing holds across release
    }

    [Fact]
    public async Task SessionsHandedOverByADrainedSilo_AreListed_UntilAnotherSiloClaimsThem()
    {
        var silo = $"drained@{Guid.NewGuid():N}";
        var (reopened, abandoned, ended) = (Guid.NewGuid().ToString(), Guid.NewGuid().ToString(), Guid.NewGuid().ToString());
        foreach (var id in new[] { reopened, abandoned })
        {
            Assert.True(await _directory.ReleaseAsync(await _directory.ClaimAsync(id, silo, CancellationToken.None), handedOver: true, CancellationToken.None));
        }

        Assert.True(await _directory.ReleaseAsync(await _directory.ClaimAsync(ended, silo, CancellationToken.None), handedOver: false, CancellationToken.None));
        await _directory.ClaimAsync(reopened, "next@1", CancellationToken.None); // its gateway reopened it elsewhere

        Assert.Equal([abandoned], await _directory.HandedOverByAsync(silo, CancellationToken.None));
        var swept = await _directory.ClaimAsync(abandoned, "sweeper@1", CancellationToken.None);
        Assert.Empty(await _directory.HandedOverByAsync(silo, CancellationToken.None));
        Assert.True(await _directory.ReleaseAsync(swept, handedOver: false, CancellationToken.None)); // it ended there
        Assert.Empty(await _directory.HandedOverByAsync(silo, CancellationToken.None));
    }
}
