using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;

namespace LiveTranscription.Cluster;

/// <summary>Creates a table if it is missing and waits until it is ACTIVE (creation is asynchronous in DynamoDB and dynalite).</summary>
internal static class DynamoDbTables
{
    public static async Task CreateIfMissingAsync(IAmazonDynamoDB client, CreateTableRequest request, CancellationToken cancellationToken)
    {
        var tables = (await client.ListTablesAsync(new ListTablesRequest(), cancellationToken).ConfigureAwait(false)).TableNames ?? [];
        if (!tables.Contains(request.TableName))
        {
            try
            {
                await client.CreateTableAsync(request, cancellationToken).ConfigureAwait(false);
            }
            catch (ResourceInUseException)
            {
                // Another silo created it meanwhile.
            }
        }

        while ((await client.DescribeTableAsync(request.TableName, cancellationToken).ConfigureAwait(false)).Table.TableStatus != TableStatus.ACTIVE)
        {
            await Task.Delay(100, cancellationToken).ConfigureAwait(false);
        }
    }
}
