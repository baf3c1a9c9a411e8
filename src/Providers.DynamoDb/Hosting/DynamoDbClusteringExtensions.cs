using LiveTranscription.Providers.DynamoDb.Clustering;
using LiveTranscription.Providers.DynamoDb.Shared;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Orleans.Messaging;

namespace LiveTranscription.Providers.DynamoDb.Hosting;

/// <summary>Hosting extensions of the DynamoDB clustering provider.</summary>
public static class DynamoDbClusteringExtensions
{
    /// <summary>
    /// Uses DynamoDB as the silo's membership table (one item per cluster in
    /// <see cref="DynamoDbClusteringOptions.TableName"/>), through the host's <see cref="Amazon.DynamoDBv2.IAmazonDynamoDB"/>.
    /// </summary>
    /// <param name="builder">The silo builder.</param>
    /// <param name="configure">Configures the options; the defaults are documented on <see cref="DynamoDbClusteringOptions"/>.</param>
    /// <returns>The silo builder.</returns>
    public static ISiloBuilder UseDynamoDbClustering(this ISiloBuilder builder, Action<DynamoDbClusteringOptions>? configure = null)
    {
        AddCommon(builder.Services, configure);
        builder.Services.AddSingleton<DynamoDbMembershipTable>();
        builder.Services.AddSingleton<IMembershipTable>(sp => sp.GetRequiredService<DynamoDbMembershipTable>());
        return builder;
    }

    /// <summary>
    /// Makes the client find the cluster's gateways (the Active silos' gateway endpoints) in the DynamoDB membership
    /// item the silos of the same <c>ClusterId</c> maintain.
    /// </summary>
    /// <param name="builder">The client builder.</param>
    /// <param name="configure">Configures the options; the defaults are documented on <see cref="DynamoDbClusteringOptions"/>.</param>
    /// <returns>The client builder.</returns>
    public static IClientBuilder UseDynamoDbClustering(this IClientBuilder builder, Action<DynamoDbClusteringOptions>? configure = null)
    {
        AddCommon(builder.Services, configure);
        builder.Services.AddSingleton<IGatewayListProvider, DynamoDbGatewayListProvider>();
        return builder;
    }

    private static void AddCommon(IServiceCollection services, Action<DynamoDbClusteringOptions>? configure)
    {
        var options = services.AddOptions<DynamoDbClusteringOptions>();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        services.TryAddSingleton<MembershipStore>();
        services.AddSingleton<IConfigurationValidator>(sp => new TableNameValidator(
            nameof(DynamoDbClusteringOptions), sp.GetRequiredService<IOptions<DynamoDbClusteringOptions>>().Value.TableName));
    }
}
