using Amazon.DynamoDBv2;
using LiveTranscription.Providers.DynamoDb.Clustering;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Orleans.Configuration;

namespace LiveTranscription.Providers.DynamoDb.Tests.Clustering;

/// <summary>Orleans' <see cref="IMembershipTable"/> contract, against dynalite, trying to break it.</summary>
public sealed class MembershipTableTests(DynaliteFixture dynamo) : IClassFixture<DynaliteFixture>
{
    private static readonly TimeSpan Op = TestTimeouts.Operation;
    private readonly string _tableName = "Membership-" + Guid.NewGuid().ToString("N");
    private readonly string _clusterId = "cluster-" + Guid.NewGuid().ToString("N");

    [Fact]
    public async Task ReadAll_OfANewCluster_IsEmptyAtVersionZeroWithAnEtag()
    {
        var table = await InitializedAsync();

        var data = await table.ReadAllAsync().WaitAsync(Op);

        Assert.Empty(data.Members);
        Assert.Equal(0, data.Version.Version);
        Assert.False(string.IsNullOrEmpty(data.Version.VersionEtag));
    }

    [Fact]
    public async Task InsertRow_ThenRead_GivesTheEntryBackExactly_WithTheNewVersionAndAFreshEtag()
    {
        var table = await InitializedAsync();
        var entry = Silos.NewEntry();
        var before = (await table.ReadAllAsync().WaitAsync(Op)).Version;

        Assert.True(await table.InsertRowAsync(entry, before.Next()).WaitAsync(Op));

        var all = await table.ReadAllAsync().WaitAsync(Op);
        var one = await table.ReadRowAsync(entry.SiloAddress).WaitAsync(Op);
        var (stored, etag) = Assert.Single(all.Members);
        Assert.Equal(entry.ToFullString(), stored.ToFullString());
        Assert.Equal(entry.StartTime, stored.StartTime);
        Assert.Equal(entry.IAmAliveTime, stored.IAmAliveTime);
        Assert.Equal(entry.SuspectTimes, stored.SuspectTimes);
        Assert.Equal(1, all.Version.Version);
        Assert.NotEqual(before.VersionEtag, all.Version.VersionEtag);
        Assert.False(string.IsNullOrEmpty(etag));
        Assert.Equal(all.Version, one.Version);
        Assert.Equal(etag, Assert.Single(one.Members).Item2);
    }

    [Fact]
    public async Task ReadRow_OfAnUnknownSilo_GivesNoRowAndTheCurrentVersion()
    {
        var table = await InitializedAsync();
        await table.InsertRowAsync(Silos.NewEntry(), (await table.ReadAllAsync().WaitAsync(Op)).Version.Next()).WaitAsync(Op);

        var data = await table.ReadRowAsync(Silos.NewAddress()).WaitAsync(Op);

        Assert.Empty(data.Members);
        Assert.Equal(1, data.Version.Version);
    }

    [Fact]
    public async Task ReadAll_IsOneSnapshot_RowsAndVersionAgreeWhileAWriterInserts()
    {
        // Every insert adds one row and bumps the version by one: a read that took rows and version from different
        // moments would see Members.Count != Version.
        var table = await InitializedAsync();
        using var stop = new CancellationTokenSource();
        var reads = 0;
        async Task ReadLoopAsync()
        {
            var reader = Table();
            while (!stop.IsCancellationRequested)
            {
                var data = await reader.ReadAllAsync().WaitAsync(Op);
                Assert.Equal(data.Version.Version, data.Members.Count);
                Interlocked.Increment(ref reads);
            }
        }

        var readers = new[] { ReadLoopAsync(), ReadLoopAsync() };
        for (var i = 0; i < 15; i++)
        {
            var version = (await table.ReadAllAsync().WaitAsync(Op)).Version;
            Assert.True(await table.InsertRowAsync(Silos.NewEntry(), version.Next()).WaitAsync(Op));
        }

        await stop.CancelAsync();
        await Task.WhenAll(readers).WaitAsync(Op);
        Assert.True(reads > 2, $"only {reads} reads overlapped the writes");
    }

    [Fact]
    public async Task ConcurrentInsertRow_OfDifferentSilos_WithTheSameVersion_ExactlyOneWins()
    {
        var table = await InitializedAsync();
        var version = (await table.ReadAllAsync().WaitAsync(Op)).Version.Next();
        var entries = Enumerable.Range(0, 6).Select(_ => Silos.NewEntry()).ToList();

        var results = await Task.WhenAll(entries.Select(e => Table().InsertRowAsync(e, version))).WaitAsync(Op);

        var data = await table.ReadAllAsync().WaitAsync(Op);
        Assert.Single(results, r => r);
        Assert.Equal(entries[Array.IndexOf(results, true)].SiloAddress, Assert.Single(data.Members).Item1.SiloAddress);
        Assert.Equal(1, data.Version.Version);
    }

    [Fact]
    public async Task InsertRow_WhenAnotherInsertLandsBetweenItsReadAndItsWrite_ReturnsFalse()
    {
        var (client, control) = InterceptingDynamoDb.Wrap(dynamo.Client);
        var table = await InitializedAsync(client);
        var other = Table();
        var version = (await table.ReadAllAsync().WaitAsync(Op)).Version;
        control.BeforeNextPut(_ => other.InsertRowAsync(Silos.NewEntry(), version.Next()));

        var inserted = await table.InsertRowAsync(Silos.NewEntry(), version.Next()).WaitAsync(Op);

        Assert.False(inserted);
        Assert.Single((await table.ReadAllAsync().WaitAsync(Op)).Members);
    }

    [Fact]
    public async Task InsertRow_WithAStaleVersion_ReturnsFalseAndChangesNothing()
    {
        var table = await InitializedAsync();
        var stale = (await table.ReadAllAsync().WaitAsync(Op)).Version;
        Assert.True(await table.InsertRowAsync(Silos.NewEntry(), stale.Next()).WaitAsync(Op));
        var before = await table.ReadAllAsync().WaitAsync(Op);

        var inserted = await table.InsertRowAsync(Silos.NewEntry(), stale.Next()).WaitAsync(Op);

        var after = await table.ReadAllAsync().WaitAsync(Op);
        Assert.False(inserted);
        Assert.Equal(before.Version, after.Version);
        Assert.Single(after.Members);
    }

    [Fact]
    public async Task InsertRow_OfASiloAlreadyInTheTable_ReturnsFalse_EvenWithAFreshVersion()
    {
        var table = await InitializedAsync();
        var entry = Silos.NewEntry();
        Assert.True(await table.InsertRowAsync(entry, (await table.ReadAllAsync().WaitAsync(Op)).Version.Next()).WaitAsync(Op));
        var fresh = (await table.ReadAllAsync().WaitAsync(Op)).Version;

        var again = await table.InsertRowAsync(entry.With(SiloStatus.Active), fresh.Next()).WaitAsync(Op);

        var after = await table.ReadAllAsync().WaitAsync(Op);
        Assert.False(again);
        Assert.Equal(fresh, after.Version);
        Assert.Equal(SiloStatus.Joining, Assert.Single(after.Members).Item1.Status);
    }

    [Fact]
    public async Task UpdateRow_WithFreshEtags_ChangesTheRowTheVersionAndBothEtags()
    {
        var table = await InitializedAsync();
        var entry = Silos.NewEntry();
        await table.InsertRowAsync(entry, (await table.ReadAllAsync().WaitAsync(Op)).Version.Next()).WaitAsync(Op);
        var read = await table.ReadRowAsync(entry.SiloAddress).WaitAsync(Op);
        var etag = read.Members[0].Item2;

        Assert.True(await table.UpdateRowAsync(entry.With(SiloStatus.Active, updateZone: 7), etag, read.Version.Next()).WaitAsync(Op));

        var after = await table.ReadRowAsync(entry.SiloAddress).WaitAsync(Op);
        var (row, newEtag) = Assert.Single(after.Members);
        Assert.Equal(entry.With(SiloStatus.Active, updateZone: 7).ToFullString(), row.ToFullString());
        Assert.NotEqual(etag, newEtag);
        Assert.Equal(2, after.Version.Version);
        Assert.NotEqual(read.Version.VersionEtag, after.Version.VersionEtag);
    }

    [Fact]
    public async Task UpdateRow_WithAStaleRowEtag_ReturnsFalse_EvenWithAFreshVersion()
    {
        var table = await InitializedAsync();
        var entry = Silos.NewEntry();
        await table.InsertRowAsync(entry, (await table.ReadAllAsync().WaitAsync(Op)).Version.Next()).WaitAsync(Op);
        var first = await table.ReadRowAsync(entry.SiloAddress).WaitAsync(Op);
        Assert.True(await table.UpdateRowAsync(entry.With(SiloStatus.Active), first.Members[0].Item2, first.Version.Next()).WaitAsync(Op));
        var fresh = await table.ReadRowAsync(entry.SiloAddress).WaitAsync(Op);

        var updated = await table.UpdateRowAsync(entry.With(SiloStatus.Dead), first.Members[0].Item2, fresh.Version.Next()).WaitAsync(Op);

        var after = await table.ReadRowAsync(entry.SiloAddress).WaitAsync(Op);
        Assert.False(updated);
        Assert.Equal(SiloStatus.Active, after.Members[0].Item1.Status);
        Assert.Equal(fresh.Version, after.Version);
        Assert.Equal(fresh.Members[0].Item2, after.Members[0].Item2);
    }

    [Fact]
    public async Task UpdateRow_WithAStaleVersion_ReturnsFalse_EvenWithAFreshRowEtag()
    {
        var table = await InitializedAsync();
        var entry = Silos.NewEntry();
        await table.InsertRowAsync(entry, (await table.ReadAllAsync().WaitAsync(Op)).Version.Next()).WaitAsync(Op);
        var read = await table.ReadRowAsync(entry.SiloAddress).WaitAsync(Op);
        await table.InsertRowAsync(Silos.NewEntry(), read.Version.Next()).WaitAsync(Op); // another silo joins: the version moves

        var updated = await table.UpdateRowAsync(entry.With(SiloStatus.Active), read.Members[0].Item2, read.Version.Next()).WaitAsync(Op);

        var after = await table.ReadRowAsync(entry.SiloAddress).WaitAsync(Op);
        Assert.False(updated);
        Assert.Equal(SiloStatus.Joining, after.Members[0].Item1.Status);
        Assert.Equal(2, after.Version.Version);
    }

    [Fact]
    public async Task UpdateRow_OfASiloNotInTheTable_ReturnsFalse()
    {
        var table = await InitializedAsync();
        var version = (await table.ReadAllAsync().WaitAsync(Op)).Version;

        Assert.False(await table.UpdateRowAsync(Silos.NewEntry(), "some-etag", version.Next()).WaitAsync(Op));
        Assert.Empty((await table.ReadAllAsync().WaitAsync(Op)).Members);
    }

    [Fact]
    public async Task UpdateIAmAlive_ChangesOnlyTheIAmAliveTime_NeverTheVersionNorTheRowEtag()
    {
        var table = await InitializedAsync();
        var entry = Silos.NewEntry();
        var other = Silos.NewEntry();
        await table.InsertRowAsync(entry, (await table.ReadAllAsync().WaitAsync(Op)).Version.Next()).WaitAsync(Op);
        await table.InsertRowAsync(other, (await table.ReadAllAsync().WaitAsync(Op)).Version.Next()).WaitAsync(Op);
        var before = await table.ReadAllAsync().WaitAsync(Op);
        var alive = entry.IAmAliveTime.AddSeconds(30).AddTicks(7);

        // What Orleans' membership agent passes: only the address and the time.
        await table.UpdateIAmAliveAsync(new MembershipEntry { SiloAddress = entry.SiloAddress, IAmAliveTime = alive, Status = SiloStatus.Dead }).WaitAsync(Op);

        var after = await table.ReadAllAsync().WaitAsync(Op);
        Assert.Equal(before.Version, after.Version);
        var expected = entry.Clone();
        expected.IAmAliveTime = alive;
        Assert.Equal(expected.ToFullString(), after.TryGet(entry.SiloAddress)!.Item1.ToFullString());
        Assert.Equal(alive, after.TryGet(entry.SiloAddress)!.Item1.IAmAliveTime);
        Assert.Equal(before.TryGet(entry.SiloAddress)!.Item2, after.TryGet(entry.SiloAddress)!.Item2);
        Assert.Equal(before.TryGet(other.SiloAddress)!.Item1.ToFullString(), after.TryGet(other.SiloAddress)!.Item1.ToFullString());
        Assert.Equal(before.TryGet(other.SiloAddress)!.Item2, after.TryGet(other.SiloAddress)!.Item2);
    }

    [Fact]
    public async Task UpdateIAmAlive_BetweenAReadAndAnUpdateRow_DoesNotMakeTheUpdateFail()
    {
        var table = await InitializedAsync();
        var entry = Silos.NewEntry();
        await table.InsertRowAsync(entry, (await table.ReadAllAsync().WaitAsync(Op)).Version.Next()).WaitAsync(Op);
        var read = await table.ReadRowAsync(entry.SiloAddress).WaitAsync(Op);
        var alive = entry.IAmAliveTime.AddMinutes(1);

        await table.UpdateIAmAliveAsync(new MembershipEntry { SiloAddress = entry.SiloAddress, IAmAliveTime = alive }).WaitAsync(Op);
        var updated = await table.UpdateRowAsync(entry.With(SiloStatus.Active), read.Members[0].Item2, read.Version.Next()).WaitAsync(Op);

        Assert.True(updated);
        Assert.Equal(SiloStatus.Active, (await table.ReadRowAsync(entry.SiloAddress).WaitAsync(Op)).Members[0].Item1.Status);
    }

    [Fact]
    public async Task UpdateRow_RacingAnotherSilosIAmAlive_RetriesAndKeepsBothWrites()
    {
        // Another silo's IAmAlive lands between UpdateRow's read and its conditional put: the put fails on the
        // revision, the change is decided again on a fresh read (etags still valid) and must keep the other's write.
        var (client, control) = InterceptingDynamoDb.Wrap(dynamo.Client);
        var table = await InitializedAsync(client);
        var other = Table();
        var entry = Silos.NewEntry();
        var neighbour = Silos.NewEntry();
        await other.InsertRowAsync(entry, (await other.ReadAllAsync().WaitAsync(Op)).Version.Next()).WaitAsync(Op);
        await other.InsertRowAsync(neighbour, (await other.ReadAllAsync().WaitAsync(Op)).Version.Next()).WaitAsync(Op);
        var read = await table.ReadRowAsync(entry.SiloAddress).WaitAsync(Op);
        var neighbourAlive = neighbour.IAmAliveTime.AddMinutes(5);
        control.BeforeNextPut(_ => other.UpdateIAmAliveAsync(new MembershipEntry { SiloAddress = neighbour.SiloAddress, IAmAliveTime = neighbourAlive }));
        var putsBefore = control.Puts;

        var updated = await table.UpdateRowAsync(entry.With(SiloStatus.Active), read.Members[0].Item2, read.Version.Next()).WaitAsync(Op);

        var after = await table.ReadAllAsync().WaitAsync(Op);
        Assert.True(updated);
        Assert.Equal(2, control.Puts - putsBefore); // the lost put and the retried one
        Assert.Equal(SiloStatus.Active, after.TryGet(entry.SiloAddress)!.Item1.Status);
        Assert.Equal(neighbourAlive, after.TryGet(neighbour.SiloAddress)!.Item1.IAmAliveTime);
        Assert.Equal(3, after.Version.Version);
    }

    [Fact]
    public async Task UpdateIAmAlive_RacingAnUpdateRow_RetriesAndKeepsBothWrites()
    {
        var (client, control) = InterceptingDynamoDb.Wrap(dynamo.Client);
        var table = await InitializedAsync(client);
        var other = Table();
        var entry = Silos.NewEntry();
        await other.InsertRowAsync(entry, (await other.ReadAllAsync().WaitAsync(Op)).Version.Next()).WaitAsync(Op);
        var alive = entry.IAmAliveTime.AddMinutes(2);
        control.BeforeNextPut(async _ =>
        {
            var read = await other.ReadRowAsync(entry.SiloAddress);
            Assert.True(await other.UpdateRowAsync(entry.With(SiloStatus.Active), read.Members[0].Item2, read.Version.Next()));
        });

        await table.UpdateIAmAliveAsync(new MembershipEntry { SiloAddress = entry.SiloAddress, IAmAliveTime = alive }).WaitAsync(Op);

        var row = (await table.ReadRowAsync(entry.SiloAddress).WaitAsync(Op)).Members[0].Item1;
        Assert.Equal(SiloStatus.Active, row.Status);
        Assert.Equal(alive, row.IAmAliveTime);
    }

    [Fact]
    public async Task UpdateRow_BuiltFromAReadOlderThanTheSilosLastIAmAlive_DoesNotMoveTheHeartbeatBack()
    {
        // Silo B reads A's row, A heartbeats, B writes its suspicion vote on A's row from its read: A's heartbeat stays.
        var table = await InitializedAsync();
        var entry = Silos.NewEntry(SiloStatus.Active);
        await table.InsertRowAsync(entry, (await table.ReadAllAsync().WaitAsync(Op)).Version.Next()).WaitAsync(Op);
        var read = await table.ReadRowAsync(entry.SiloAddress).WaitAsync(Op);
        var alive = entry.IAmAliveTime.AddSeconds(10);
        await table.UpdateIAmAliveAsync(new MembershipEntry { SiloAddress = entry.SiloAddress, IAmAliveTime = alive }).WaitAsync(Op);
        var suspected = read.Members[0].Item1;
        suspected.AddSuspector(Silos.NewAddress(), entry.IAmAliveTime.AddSeconds(11));

        Assert.True(await table.UpdateRowAsync(suspected, read.Members[0].Item2, read.Version.Next()).WaitAsync(Op));

        var row = (await table.ReadRowAsync(entry.SiloAddress).WaitAsync(Op)).Members[0].Item1;
        Assert.Equal(alive, row.IAmAliveTime);
        Assert.Equal(2, row.SuspectTimes!.Count);
    }

    [Fact]
    public async Task UpdateIAmAlive_OfASiloNotInTheTable_Throws()
    {
        var table = await InitializedAsync();

        await Assert.ThrowsAsync<OrleansException>(() => table.UpdateIAmAliveAsync(new MembershipEntry { SiloAddress = Silos.NewAddress(), IAmAliveTime = DateTime.UtcNow }).WaitAsync(Op));
    }

    [Fact]
    public async Task CleanupDefunctSiloEntries_RemovesOnlyDeadRowsLastUpdatedBeforeTheDate()
    {
        var table = await InitializedAsync();
        var now = DateTime.UtcNow;
        var oldDead = Silos.NewEntry(SiloStatus.Dead, now.AddDays(-10));
        oldDead.SuspectTimes = null;
        var oldDeadRecentlyVoted = Silos.NewEntry(SiloStatus.Dead, now.AddDays(-10)); // declared dead an hour ago
        oldDeadRecentlyVoted.SuspectTimes = [Tuple.Create(Silos.NewAddress(), now.AddHours(-1))];
        var recentDead = Silos.NewEntry(SiloStatus.Dead, now.AddHours(-1));
        var oldOthers = new[] { SiloStatus.Created, SiloStatus.Joining, SiloStatus.Active, SiloStatus.ShuttingDown, SiloStatus.Stopping }
            .Select(s =>
            {
                var e = Silos.NewEntry(s, now.AddDays(-10));
                e.SuspectTimes = null;
                return e;
            });
        foreach (var entry in new[] { oldDead, oldDeadRecentlyVoted, recentDead }.Concat(oldOthers))
        {
            Assert.True(await table.InsertRowAsync(entry, (await table.ReadAllAsync().WaitAsync(Op)).Version.Next()).WaitAsync(Op));
        }

        var before = await table.ReadAllAsync().WaitAsync(Op);

        await table.CleanupDefunctSiloEntriesAsync(now.AddDays(-3)).WaitAsync(Op);

        var after = await table.ReadAllAsync().WaitAsync(Op);
        Assert.Equal(before.Members.Count - 1, after.Members.Count);
        Assert.Null(after.TryGet(oldDead.SiloAddress));
        Assert.NotNull(after.TryGet(oldDeadRecentlyVoted.SiloAddress));
        Assert.NotNull(after.TryGet(recentDead.SiloAddress));
        Assert.Equal(before.Version, after.Version);
    }

    [Fact]
    public async Task DeleteMembershipTableEntries_DeletesThatClusterOnly()
    {
        var table = await InitializedAsync();
        var otherCluster = await InitializedAsync(clusterId: "other-" + Guid.NewGuid().ToString("N"));
        await table.InsertRowAsync(Silos.NewEntry(), (await table.ReadAllAsync().WaitAsync(Op)).Version.Next()).WaitAsync(Op);
        await otherCluster.InsertRowAsync(Silos.NewEntry(), (await otherCluster.ReadAllAsync().WaitAsync(Op)).Version.Next()).WaitAsync(Op);
        var staleVersion = (await table.ReadAllAsync().WaitAsync(Op)).Version;

        await table.DeleteMembershipTableEntriesAsync(_clusterId).WaitAsync(Op);

        var deleted = await table.ReadAllAsync().WaitAsync(Op);
        Assert.Empty(deleted.Members);
        Assert.Equal(0, deleted.Version.Version);
        Assert.Single((await otherCluster.ReadAllAsync().WaitAsync(Op)).Members);
        Assert.False(await table.InsertRowAsync(Silos.NewEntry(), staleVersion.Next()).WaitAsync(Op)); // an etag from before the delete
    }

    [Fact]
    public async Task ManyConcurrentWriters_LeaveTheTableConsistent()
    {
        // 3 silos, each heartbeating 20 times and updating its own row 20 times through Orleans' read-then-update loop.
        var table = await InitializedAsync();
        var entries = Enumerable.Range(0, 3).Select(_ => Silos.NewEntry()).ToList();
        foreach (var entry in entries)
        {
            Assert.True(await table.InsertRowAsync(entry, (await table.ReadAllAsync().WaitAsync(Op)).Version.Next()).WaitAsync(Op));
        }

        var refusals = 0;
        async Task SiloAsync(MembershipEntry entry)
        {
            var own = Table();
            for (var i = 1; i <= 20; i++)
            {
                await own.UpdateIAmAliveAsync(new MembershipEntry { SiloAddress = entry.SiloAddress, IAmAliveTime = entry.IAmAliveTime.AddSeconds(i) });
                while (true)
                {
                    var read = await own.ReadRowAsync(entry.SiloAddress);
                    var row = read.Members[0].Item1;
                    if (await own.UpdateRowAsync(row.With(SiloStatus.Active, updateZone: i), read.Members[0].Item2, read.Version.Next()))
                    {
                        break;
                    }

                    Interlocked.Increment(ref refusals);
                }
            }
        }

        await Task.WhenAll(entries.Select(SiloAsync)).WaitAsync(TestTimeouts.Scenario);

        var after = await table.ReadAllAsync().WaitAsync(Op);
        Assert.Equal(3 + (3 * 20), after.Version.Version);
        foreach (var entry in entries)
        {
            var row = after.TryGet(entry.SiloAddress)!.Item1;
            Assert.Equal(20, row.UpdateZone);
            Assert.Equal(entry.IAmAliveTime.AddSeconds(20), row.IAmAliveTime);
            Assert.Equal(SiloStatus.Active, row.Status);
        }

        Assert.True(refusals > 0, "the writers never raced: the test did not exercise concurrency");
    }

    private DynamoDbMembershipTable Table(IAmazonDynamoDB? client = null, string? clusterId = null) => new(
        new MembershipStore(client ?? dynamo.Client, Options.Create(new DynamoDbClusteringOptions { TableName = _tableName, CreateTableIfMissing = true })),
        Options.Create(new ClusterOptions { ClusterId = clusterId ?? _clusterId, ServiceId = "service" }),
        NullLogger<DynamoDbMembershipTable>.Instance);

    private async Task<DynamoDbMembershipTable> InitializedAsync(IAmazonDynamoDB? client = null, string? clusterId = null)
    {
        var table = Table(client, clusterId);
        await table.InitializeMembershipTableAsync(true).WaitAsync(Op);
        return table;
    }
}
