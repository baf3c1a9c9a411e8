using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using LiveTranscription.Providers.DynamoDb.Shared;
using Microsoft.Extensions.Options;

namespace LiveTranscription.Providers.DynamoDb.Clustering;

/// <summary>
/// Reads and writes a cluster's membership item: consistent reads, and whole-item puts conditional on the revision
/// read (single-item conditional writes: no transactions, which dynalite does not support).
/// </summary>
internal sealed class MembershipStore(IAmazonDynamoDB client, IOptions<DynamoDbClusteringOptions> options)
{
    private readonly string _tableName = options.Value.TableName;

    public bool CreateTableIfMissing { get; } = options.Value.CreateTableIfMissing;

    public string TableName => _tableName;

    public Task<bool> EnsureTableAsync(CancellationToken cancellationToken) => DynamoDbTables.CreateIfMissingAsync(client, new CreateTableRequest
    {
        TableName = _tableName,
        AttributeDefinitions = [new AttributeDefinition(MembershipItem.ClusterId, ScalarAttributeType.S)],
        KeySchema = [new KeySchemaElement(MembershipItem.ClusterId, KeyType.HASH)],
    }, cancellationToken);

    public async Task<MembershipDocument> ReadAsync(string clusterId, CancellationToken cancellationToken)
    {
        var response = await client.GetItemAsync(new GetItemRequest
        {
            TableName = _tableName,
            Key = Key(clusterId),
            ConsistentRead = true,
        }, cancellationToken).ConfigureAwait(false);
        return response.Item is { Count: > 0 } item ? MembershipItem.Read(item) : MembershipDocument.Missing;
    }

    /// <summary>Writes <paramref name="next"/> if the item is still at <paramref name="read"/>'s revision (or still missing).</summary>
    /// <returns><see langword="false"/> when someone else wrote the item since it was read.</returns>
    public async Task<bool> TryReplaceAsync(string clusterId, MembershipDocument read, MembershipDocument next, CancellationToken cancellationToken)
    {
        var request = new PutItemRequest { TableName = _tableName, Item = MembershipItem.Write(clusterId, next) };
        if (read.Revision is { } revision)
        {
            request.ConditionExpression = "#revision = :revision";
            request.ExpressionAttributeNames = new() { ["#revision"] = MembershipItem.Revision };
            request.ExpressionAttributeValues = new() { [":revision"] = Attributes.N(revision) };
        }
        else
        {
            request.ConditionExpression = "attribute_not_exists(#key)";
            request.ExpressionAttributeNames = new() { ["#key"] = MembershipItem.ClusterId };
        }

        try
        {
            await client.PutItemAsync(request, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (ConditionalCheckFailedException)
        {
            return false;
        }
    }

    public Task<bool> TryCreateAsync(string clusterId, CancellationToken cancellationToken)
        => TryReplaceAsync(clusterId, MembershipDocument.Missing, MembershipDocument.Empty(), cancellationToken);

    public Task DeleteAsync(string clusterId, CancellationToken cancellationToken)
        => client.DeleteItemAsync(new DeleteItemRequest { TableName = _tableName, Key = Key(clusterId) }, cancellationToken);

    private static Dictionary<string, AttributeValue> Key(string clusterId) => new() { [MembershipItem.ClusterId] = Attributes.S(clusterId) };
}
