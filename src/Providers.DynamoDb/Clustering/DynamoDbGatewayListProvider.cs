using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Messaging;

namespace LiveTranscription.Providers.DynamoDb.Clustering;

/// <summary>
/// The gateways a client may connect to: the proxy (gateway) endpoints of the Active silos in the cluster's membership
/// item, as <c>gwy.tcp://ip:proxyPort/generation</c> (the form Orleans' own providers give).
/// </summary>
internal sealed class DynamoDbGatewayListProvider(
    MembershipStore store,
    IOptions<ClusterOptions> clusterOptions,
    IOptions<GatewayOptions> gatewayOptions) : IGatewayListProvider
{
    private readonly string _clusterId = clusterOptions.Value.ClusterId;

    public TimeSpan MaxStaleness { get; } = gatewayOptions.Value.GatewayListRefreshPeriod;

    public bool IsUpdatable => true;

    public Task InitializeGatewayListProvider() => InitializeGatewayListProviderAsync();

    public async Task InitializeGatewayListProviderAsync(CancellationToken cancellationToken = default)
    {
        if (store.CreateTableIfMissing)
        {
            await store.EnsureTableAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    public Task<IList<Uri>> GetGateways() => GetGatewaysAsync();

    public async Task<IList<Uri>> GetGatewaysAsync(CancellationToken cancellationToken = default)
    {
        var document = await store.ReadAsync(_clusterId, cancellationToken).ConfigureAwait(false);
        return [.. document.Rows.Values
            .Select(row => row.Silo)
            .Where(silo => silo.SiloStatus == SiloStatus.Active && silo.ProxyPort != 0)
            .Select(silo =>
            {
                var address = SiloAddress.FromParsableString(silo.SiloAddress);
                return SiloAddress.New(address.Endpoint.Address, silo.ProxyPort, address.Generation).ToGatewayUri();
            })];
    }
}
