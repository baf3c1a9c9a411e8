using Amazon.DynamoDBv2;
using LiveTranscription.Cluster.Directory;
using LiveTranscription.Cluster.Membership;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace LiveTranscription.Cluster;

/// <summary>Registration of what silos and gateways share: options, the membership table and the directory (DynamoDB).</summary>
public static class ClusterServiceCollectionExtensions
{
    /// <summary>Needs an <see cref="IAmazonDynamoDB"/> registered (the records' client: <c>Storage:DynamoDb</c>).</summary>
    public static IServiceCollection AddClusterTables(this IServiceCollection services)
    {
        services.AddOptions<ClusterOptions>().BindConfiguration(ClusterOptions.SectionName);
        services.AddOptions<MembershipOptions>().BindConfiguration(MembershipOptions.SectionName)
            .Validate(o => o.HeartbeatPeriod > TimeSpan.Zero && o.SuspicionTimeout >= 2 * o.HeartbeatPeriod,
                "Cluster:Membership:SuspicionTimeout must be at least two heartbeat periods.")
            .ValidateOnStart();
        services.TryAddSingleton(sp => new DynamoDbMembershipTable(sp.GetRequiredService<IAmazonDynamoDB>(), sp.GetRequiredService<IOptions<MembershipOptions>>().Value.TableName));
        services.TryAddSingleton(sp => new DynamoDbSessionDirectory(sp.GetRequiredService<IAmazonDynamoDB>(), sp.GetRequiredService<IOptions<ClusterOptions>>().Value.DirectoryTable));
        services.TryAddSingleton<ClusterTables>();
        return services;
    }
}
