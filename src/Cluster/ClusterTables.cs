using LiveTranscription.Cluster.Directory;
using LiveTranscription.Cluster.Membership;
using Microsoft.Extensions.Options;

namespace LiveTranscription.Cluster;

/// <summary>Creates the cluster's tables when <see cref="ClusterOptions.CreateTablesIfMissing"/> is set.</summary>
public sealed class ClusterTables(DynamoDbMembershipTable membership, DynamoDbSessionDirectory directory, IOptions<ClusterOptions> options)
{
    public async Task EnsureAsync(CancellationToken cancellationToken)
    {
        if (options.Value.CreateTablesIfMissing)
        {
            await membership.EnsureTableAsync(cancellationToken).ConfigureAwait(false);
            await directory.EnsureTableAsync(cancellationToken).ConfigureAwait(false);
        }
    }
}
