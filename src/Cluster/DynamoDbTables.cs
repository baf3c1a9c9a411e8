using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;

namespace LiveTranscription.Cluster;

/// <summary>
/// What the cluster's tables share: creating a table if it is missing (and waiting until it is ACTIVE: creation is
/// asynchronous in DynamoDB and dynalite), a conditional update, and a scan of every page.
/// </summary>
internal static class DynamoDbTables
{
    /// <summary>A single-item conditional update; false when its condition does not hold.</summary>
    public static async Task<bool> TryUpdateAsync(IAmazonDynamoDB client, UpdateItemRequest request, CancellationToken cancellationToken)
    {
        try
        {
            await client.UpdateItemAsync(request, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (ConditionalCheckFailedException)
        {
            return false;
        }
    }

    /// <summary>Every item a (consistent) scan returns, over all pages.</summary>
    public static async Task<List<Dictionary<string, AttributeValue>>> ScanAllAsync(IAmazonDynamoDB client, ScanRequest request, CancellationToken cancellationToken)
    {
        var items = new List<Dictionary<string, AttributeValue>>();
        request.ConsistentRead = true;
        do
        {
            var page = await client.ScanAsync(request, cancellationToken).ConfigureAwait(false);
            items.AddRange(page.Items);
            request.ExclusiveStartKey = page.LastEvaluatedKey is { Count: > 0 } next ? next : null;
        }
        while (request.ExclusiveStartKey is not null);
        return items;
    }

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
