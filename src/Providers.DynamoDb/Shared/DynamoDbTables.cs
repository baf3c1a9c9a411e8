using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;

namespace LiveTranscription.Providers.DynamoDb.Shared;

/// <summary>
/// What the providers' tables share: creating a table when it is missing (and waiting until it is ACTIVE: creation
/// is asynchronous in DynamoDB and in dynalite) and reading every page of a query or scan.
/// </summary>
internal static class DynamoDbTables
{
    /// <summary>How often a table being created is polled for the ACTIVE status.</summary>
    private static readonly TimeSpan ActivePollInterval = TimeSpan.FromMilliseconds(100);

    /// <summary>
    /// Creates the table described by <paramref name="request"/> (on-demand billing) unless it exists, then waits until
    /// it is ACTIVE. Several silos may race to create it: the loser's <see cref="ResourceInUseException"/> is expected.
    /// </summary>
    /// <returns><see langword="true"/> when this call created the table.</returns>
    public static async Task<bool> CreateIfMissingAsync(IAmazonDynamoDB client, CreateTableRequest request, CancellationToken cancellationToken)
    {
        request.BillingMode = BillingMode.PAY_PER_REQUEST;
        var created = false;
        var status = await TryGetStatusAsync(client, request.TableName, cancellationToken).ConfigureAwait(false);
        if (status is null)
        {
            try
            {
                await client.CreateTableAsync(request, cancellationToken).ConfigureAwait(false);
                created = true;
            }
            catch (ResourceInUseException)
            {
                // Another silo created it meanwhile.
            }
        }

        while (status != TableStatus.ACTIVE)
        {
            status = await TryGetStatusAsync(client, request.TableName, cancellationToken).ConfigureAwait(false);
            if (status != TableStatus.ACTIVE)
            {
                await Task.Delay(ActivePollInterval, cancellationToken).ConfigureAwait(false);
            }
        }

        return created;
    }

    /// <summary>Every item a query returns, over all pages.</summary>
    public static async Task<List<Dictionary<string, AttributeValue>>> QueryAllAsync(IAmazonDynamoDB client, QueryRequest request, CancellationToken cancellationToken)
    {
        var items = new List<Dictionary<string, AttributeValue>>();
        do
        {
            var page = await client.QueryAsync(request, cancellationToken).ConfigureAwait(false);
            items.AddRange(page.Items ?? []);
            request.ExclusiveStartKey = page.LastEvaluatedKey is { Count: > 0 } next ? next : null;
        }
        while (request.ExclusiveStartKey is not null);
        return items;
    }

    /// <summary>Every item a scan returns, over all pages (a filter applies per page, so pages may be empty).</summary>
    public static async Task<List<Dictionary<string, AttributeValue>>> ScanAllAsync(IAmazonDynamoDB client, ScanRequest request, CancellationToken cancellationToken)
    {
        var items = new List<Dictionary<string, AttributeValue>>();
        do
        {
            var page = await client.ScanAsync(request, cancellationToken).ConfigureAwait(false);
            items.AddRange(page.Items ?? []);
            request.ExclusiveStartKey = page.LastEvaluatedKey is { Count: > 0 } next ? next : null;
        }
        while (request.ExclusiveStartKey is not null);
        return items;
    }

    private static async Task<TableStatus?> TryGetStatusAsync(IAmazonDynamoDB client, string tableName, CancellationToken cancellationToken)
    {
        try
        {
            return (await client.DescribeTableAsync(tableName, cancellationToken).ConfigureAwait(false)).Table.TableStatus;
        }
        catch (ResourceNotFoundException)
        {
            return null;
        }
    }
}
