using LiveTranscription.Providers.DynamoDb.Reminders;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Orleans.Configuration;

namespace LiveTranscription.Providers.DynamoDb.Tests.Reminders;

/// <summary>Orleans' <see cref="IReminderTable"/> contract against dynalite: etags, per-grain reads, ring ranges.</summary>
public sealed class ReminderTableTests(DynaliteFixture dynamo) : IClassFixture<DynaliteFixture>
{
    private static readonly TimeSpan Op = TestTimeouts.Operation;
    private readonly string _tableName = "Reminders-" + Guid.NewGuid().ToString("N");

    [Fact]
    public async Task UpsertRow_ThenRead_GivesTheReminderBackExactly_ByNameAndByGrain()
    {
        var table = await StartedAsync("service/a");
        var grain = GrainId.Create("timer", "a/b");
        var other = GrainId.Create("timer", "a");
        var first = Entry(grain, "first");
        var second = Entry(grain, "second");

        var etag = await table.UpsertRow(first).WaitAsync(Op);
        await table.UpsertRow(second).WaitAsync(Op);
        await table.UpsertRow(Entry(other, "first")).WaitAsync(Op);

        var one = await table.ReadRow(grain, "first").WaitAsync(Op);
        var all = await table.ReadRows(grain).WaitAsync(Op);
        Assert.NotNull(one);
        Assert.Equal(etag, one.ETag);
        Assert.Equal((first.GrainId, first.ReminderName, first.StartAt, first.StartAt.Kind, first.Period), (one.GrainId, one.ReminderName, one.StartAt, one.StartAt.Kind, one.Period));
        Assert.Equal(["first", "second"], all.Reminders.Select(r => r.ReminderName).Order());
        Assert.All(all.Reminders, r => Assert.Equal(grain, r.GrainId));
    }

    [Fact]
    public async Task ReadRow_OfAReminderThatDoesNotExist_IsNull()
    {
        var table = await StartedAsync("service");

        Assert.Null(await table.ReadRow(GrainId.Create("timer", "x"), "none").WaitAsync(Op));
        Assert.Empty((await table.ReadRows(GrainId.Create("timer", "x")).WaitAsync(Op)).Reminders);
    }

    [Fact]
    public async Task UpsertRow_OfAnExistingReminder_ReplacesIt_WithANewETag()
    {
        var table = await StartedAsync("service");
        var entry = Entry(GrainId.Create("timer", "x"), "r");
        var first = await table.UpsertRow(entry).WaitAsync(Op);
        entry.Period = TimeSpan.FromMinutes(7);

        var second = await table.UpsertRow(entry).WaitAsync(Op);

        var stored = await table.ReadRow(entry.GrainId, "r").WaitAsync(Op);
        Assert.NotEqual(first, second);
        Assert.Equal(second, stored!.ETag);
        Assert.Equal(TimeSpan.FromMinutes(7), stored.Period);
    }

    [Fact]
    public async Task RemoveRow_WithAStaleETag_ReturnsFalse_AndTheReminderStays()
    {
        var table = await StartedAsync("service");
        var entry = Entry(GrainId.Create("timer", "x"), "r");
        var stale = await table.UpsertRow(entry).WaitAsync(Op);
        var current = await table.UpsertRow(entry).WaitAsync(Op);

        Assert.False(await table.RemoveRow(entry.GrainId, "r", stale!).WaitAsync(Op));

        Assert.Equal(current, (await table.ReadRow(entry.GrainId, "r").WaitAsync(Op))!.ETag);
    }

    [Fact]
    public async Task RemoveRow_WithTheRightETag_ReturnsTrue_AndTheReminderIsGone_ASecondRemoveReturnsFalse()
    {
        var table = await StartedAsync("service");
        var entry = Entry(GrainId.Create("timer", "x"), "r");
        var keep = Entry(entry.GrainId, "keep");
        var etag = await table.UpsertRow(entry).WaitAsync(Op);
        await table.UpsertRow(keep).WaitAsync(Op);

        Assert.True(await table.RemoveRow(entry.GrainId, "r", etag!).WaitAsync(Op));

        Assert.Null(await table.ReadRow(entry.GrainId, "r").WaitAsync(Op));
        Assert.Equal("keep", Assert.Single((await table.ReadRows(entry.GrainId).WaitAsync(Op)).Reminders).ReminderName);
        Assert.False(await table.RemoveRow(entry.GrainId, "r", etag!).WaitAsync(Op));
    }

    [Fact]
    public async Task ReadRows_OfAHashRange_FollowsTheRingSemantics_AtTheExactBoundaries_AndAcrossTheWrap()
    {
        var table = await StartedAsync("service");
        var other = await StartedAsync("other-service");
        var grains = Enumerable.Range(0, 40).Select(i => GrainId.Create("timer", $"g{i}")).ToList();
        foreach (var grain in grains)
        {
            await table.UpsertRow(Entry(grain, "r")).WaitAsync(Op);
            await other.UpsertRow(Entry(grain, "r")).WaitAsync(Op); // never in this service's ranges
        }

        var hashes = grains.Select(g => g.GetUniformHashCode()).Order().ToList();
        var (low, high) = (hashes[10], hashes[30]);
        var ranges = new (uint Begin, uint End)[]
        {
            (low, high),                     // (low, high]: low excluded, high included
            (low - 1, low),                  // exactly one grain, at the inclusive end
            (high, low),                     // wraps: (high, max] and [0, low]
            (hashes[^1], hashes[0]),         // wraps: only the lowest grain
            (hashes[^1], hashes[^1] + 1),    // above every grain: nothing (unless the max is uint.MaxValue)
            (low, low),                      // begin == end: the whole ring
            (0, uint.MaxValue),
            (uint.MaxValue, 0),
        };

        foreach (var (begin, end) in ranges)
        {
            var read = await table.ReadRows(begin, end).WaitAsync(Op);

            var expected = grains.Where(g => InRange(g.GetUniformHashCode(), begin, end)).Select(g => g.ToString()).Order();
            Assert.Equal(expected, read.Reminders.Select(r => r.GrainId.ToString()).Order());
        }

        Assert.Single((await table.ReadRows(low - 1, low).WaitAsync(Op)).Reminders);
        Assert.Equal(40, (await table.ReadRows(low, low).WaitAsync(Op)).Reminders.Count);
        Assert.Equal(20, (await table.ReadRows(hashes[9], hashes[29]).WaitAsync(Op)).Reminders.Count); // hashes[10..29]
    }

    [Fact]
    public async Task TestOnlyClearTable_ClearsThisServicesRemindersOnly()
    {
        var table = await StartedAsync("service");
        var other = await StartedAsync("other-service");
        var grain = GrainId.Create("timer", "x");
        await table.UpsertRow(Entry(grain, "a")).WaitAsync(Op);
        await table.UpsertRow(Entry(grain, "b")).WaitAsync(Op);
        await other.UpsertRow(Entry(grain, "a")).WaitAsync(Op);

        await table.TestOnlyClearTable().WaitAsync(Op);

        Assert.Empty((await table.ReadRows(0, 0).WaitAsync(Op)).Reminders);
        Assert.Single((await other.ReadRows(grain).WaitAsync(Op)).Reminders);
    }

    /// <summary>Orleans' ring range, written independently of the provider.</summary>
    private static bool InRange(uint hash, uint begin, uint end) => begin < end ? hash > begin && hash <= end : hash > begin || hash <= end;

    private static ReminderEntry Entry(GrainId grain, string name) => new()
    {
        GrainId = grain,
        ReminderName = name,
        StartAt = DateTime.UtcNow.AddTicks(3),
        Period = TimeSpan.FromSeconds(61).Add(TimeSpan.FromTicks(17)),
    };

    private async Task<DynamoDbReminderTable> StartedAsync(string serviceId)
    {
        var table = new DynamoDbReminderTable(
            dynamo.Client,
            Options.Create(new DynamoDbReminderOptions { TableName = _tableName, CreateTableIfMissing = true }),
            Options.Create(new ClusterOptions { ClusterId = "cluster", ServiceId = serviceId }),
            NullLogger<DynamoDbReminderTable>.Instance);
        await table.StartAsync().WaitAsync(Op);
        return table;
    }
}
