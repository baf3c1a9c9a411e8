using System.Globalization;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;

namespace LiveTranscription.Cluster.Membership;

/// <summary>
/// The membership table in DynamoDB (one item per silo incarnation, key <c>siloId</c>). Silos register, heartbeat
/// with their load, and read the whole (small) table to know the live set. Every write is a single-item
/// conditional write: a heartbeat only updates an incarnation that exists and is not dead, so a silo that was
/// declared dead (e.g. frozen past the suspicion timeout) cannot resurrect itself; it must restart as a new
/// generation.
/// </summary>
public sealed class DynamoDbMembershipTable(IAmazonDynamoDB client, string tableName)
{
    public async Task RegisterAsync(SiloEntry silo, CancellationToken cancellationToken)
        => await client.PutItemAsync(new PutItemRequest
        {
            TableName = tableName,
            Item = ToItem(silo),
            ConditionExpression = "attribute_not_exists(siloId)",
        }, cancellationToken).ConfigureAwait(false);

    /// <summary>Records a heartbeat with the current load and status; false when the incarnation is dead or unknown (it must stop).</summary>
    public Task<bool> HeartbeatAsync(string siloId, SiloStatus status, DateTimeOffset at, int activeSessions, int capacity, CancellationToken cancellationToken)
        => DynamoDbTables.TryUpdateAsync(client, new UpdateItemRequest
        {
            TableName = tableName,
            Key = new() { ["siloId"] = new AttributeValue { S = siloId } },
            UpdateExpression = "SET heartbeatAt = :at, #s = :status, activeSessions = :active, #c = :capacity",
            ConditionExpression = "attribute_exists(siloId) AND #s <> :dead",
            ExpressionAttributeNames = new() { ["#s"] = "status", ["#c"] = "capacity" },
            ExpressionAttributeValues = new()
            {
                [":at"] = N(at.ToUnixTimeMilliseconds()),
                [":status"] = new AttributeValue { S = status.ToString() },
                [":active"] = N(activeSessions),
                [":capacity"] = N(capacity),
                [":dead"] = new AttributeValue { S = nameof(SiloStatus.Dead) },
            },
        }, cancellationToken);

    /// <summary>Declares a silo dead if it still has not heartbeated since <paramref name="lastSeen"/> (so a fresh heartbeat wins a race).</summary>
    public Task<bool> DeclareDeadAsync(string siloId, DateTimeOffset? lastSeen, CancellationToken cancellationToken)
    {
        // lastSeen null: the silo itself leaves (drained); else only if it is still as silent as the caller saw it.
        var values = new Dictionary<string, AttributeValue> { [":dead"] = new AttributeValue { S = nameof(SiloStatus.Dead) } };
        if (lastSeen is { } seen)
        {
            values[":seen"] = N(seen.ToUnixTimeMilliseconds());
        }

        return DynamoDbTables.TryUpdateAsync(client, new UpdateItemRequest
        {
            TableName = tableName,
            Key = new() { ["siloId"] = new AttributeValue { S = siloId } },
            UpdateExpression = "SET #s = :dead",
            ConditionExpression = lastSeen is null ? "attribute_exists(siloId)" : "heartbeatAt = :seen",
            ExpressionAttributeNames = new() { ["#s"] = "status" },
            ExpressionAttributeValues = values,
        }, cancellationToken);
    }

    /// <summary>Deletes an incarnation's row if it is dead (several silos may try at once; one succeeds).</summary>
    public async Task<bool> DeleteDeadAsync(string siloId, CancellationToken cancellationToken)
    {
        try
        {
            await client.DeleteItemAsync(new DeleteItemRequest
            {
                TableName = tableName,
                Key = new() { ["siloId"] = new AttributeValue { S = siloId } },
                ConditionExpression = "#s = :dead",
                ExpressionAttributeNames = new() { ["#s"] = "status" },
                ExpressionAttributeValues = new() { [":dead"] = new AttributeValue { S = nameof(SiloStatus.Dead) } },
            }, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (ConditionalCheckFailedException)
        {
            return false;
        }
    }

    /// <summary>Every incarnation in the table (a consistent scan; the table holds one item per silo start).</summary>
    public async Task<IReadOnlyList<SiloEntry>> ReadAllAsync(CancellationToken cancellationToken)
        => [.. (await DynamoDbTables.ScanAllAsync(client, new ScanRequest { TableName = tableName }, cancellationToken).ConfigureAwait(false)).Select(FromItem)];

    public async Task EnsureTableAsync(CancellationToken cancellationToken)
    {
        await DynamoDbTables.CreateIfMissingAsync(client, new CreateTableRequest
        {
            TableName = tableName,
            BillingMode = BillingMode.PAY_PER_REQUEST,
            AttributeDefinitions = [new AttributeDefinition("siloId", ScalarAttributeType.S)],
            KeySchema = [new KeySchemaElement("siloId", KeyType.HASH)],
        }, cancellationToken).ConfigureAwait(false);
    }

    private static Dictionary<string, AttributeValue> ToItem(SiloEntry s) => new()
    {
        ["siloId"] = new AttributeValue { S = s.SiloId },
        ["name"] = new AttributeValue { S = s.Name },
        ["generation"] = N(s.Generation),
        ["endpoint"] = new AttributeValue { S = s.Endpoint },
        ["status"] = new AttributeValue { S = s.Status.ToString() },
        ["startedAt"] = N(s.StartedAt.ToUnixTimeMilliseconds()),
        ["heartbeatAt"] = N(s.HeartbeatAt.ToUnixTimeMilliseconds()),
        ["activeSessions"] = N(s.ActiveSessions),
        ["capacity"] = N(s.Capacity),
    };

    private static SiloEntry FromItem(Dictionary<string, AttributeValue> i) => new(
        i["name"].S,
        Long(i, "generation"),
        i["endpoint"].S,
        Enum.Parse<SiloStatus>(i["status"].S),
        DateTimeOffset.FromUnixTimeMilliseconds(Long(i, "startedAt")),
        DateTimeOffset.FromUnixTimeMilliseconds(Long(i, "heartbeatAt")),
        (int)Long(i, "activeSessions"),
        (int)Long(i, "capacity"));

    private static AttributeValue N(long value) => new() { N = value.ToString(CultureInfo.InvariantCulture) };

    private static long Long(Dictionary<string, AttributeValue> i, string name) => long.Parse(i[name].N, CultureInfo.InvariantCulture);
}
