using LiveTranscription.Providers.DynamoDb.Clustering;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Orleans.Configuration;

namespace LiveTranscription.Providers.DynamoDb.Tests.Clustering;

/// <summary>The client's gateway list, read from the membership item the silos write.</summary>
public sealed class GatewayListProviderTests(DynaliteFixture dynamo) : IClassFixture<DynaliteFixture>
{
    private static readonly TimeSpan Op = TestTimeouts.Operation;
    private readonly IOptions<DynamoDbClusteringOptions> _options = Options.Create(new DynamoDbClusteringOptions
    {
        TableName = "Membership-" + Guid.NewGuid().ToString("N"),
        CreateTableIfMissing = true,
    });

    private readonly IOptions<ClusterOptions> _cluster = Options.Create(new ClusterOptions { ClusterId = "cluster-" + Guid.NewGuid().ToString("N"), ServiceId = "service" });

    [Fact]
    public async Task GetGateways_ListsExactlyTheActiveSilosGatewayEndpoints()
    {
        var table = new DynamoDbMembershipTable(new MembershipStore(dynamo.Client, _options), _cluster, NullLogger<DynamoDbMembershipTable>.Instance);
        await table.InitializeMembershipTableAsync(true).WaitAsync(Op);
        var active = new[] { Silos.NewEntry(SiloStatus.Active), Silos.NewEntry(SiloStatus.Active) };
        var activeWithoutGateway = Silos.NewEntry(SiloStatus.Active);
        activeWithoutGateway.ProxyPort = 0;
        var others = new[] { SiloStatus.Created, SiloStatus.Joining, SiloStatus.ShuttingDown, SiloStatus.Stopping, SiloStatus.Dead }.Select(s => Silos.NewEntry(s));
        foreach (var entry in active.Append(activeWithoutGateway).Concat(others))
        {
            Assert.True(await table.InsertRowAsync(entry, (await table.ReadAllAsync().WaitAsync(Op)).Version.Next()).WaitAsync(Op));
        }

        var provider = new DynamoDbGatewayListProvider(new MembershipStore(dynamo.Client, _options), _cluster, Options.Create(new GatewayOptions()));
        await provider.InitializeGatewayListProviderAsync().WaitAsync(Op);
        var gateways = await provider.GetGatewaysAsync().WaitAsync(Op);

        var expected = active.Select(e => SiloAddress.New(e.SiloAddress.Endpoint.Address, e.ProxyPort, e.SiloAddress.Generation).ToGatewayUri());
        Assert.Equal(expected.OrderBy(u => u.ToString()), gateways.OrderBy(u => u.ToString()));
        Assert.All(gateways, g => Assert.StartsWith("gwy.tcp://127.0.0.1:", g.ToString(), StringComparison.Ordinal));
    }

    [Fact]
    public async Task GetGateways_OfAClusterWithoutItem_IsEmpty()
    {
        var provider = new DynamoDbGatewayListProvider(new MembershipStore(dynamo.Client, _options), _cluster, Options.Create(new GatewayOptions()));
        await provider.InitializeGatewayListProviderAsync().WaitAsync(Op);

        Assert.Empty(await provider.GetGatewaysAsync().WaitAsync(Op));
        Assert.Equal(new GatewayOptions().GatewayListRefreshPeriod, provider.MaxStaleness);
    }
}
