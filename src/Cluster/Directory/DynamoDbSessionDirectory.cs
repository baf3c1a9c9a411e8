using System.Globalization;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;

namespace LiveTranscription.Cluster.Directory;

/// <summary>
/// The session directory in DynamoDB: session id → owning silo and epoch, with single-item conditional writes only.
/// <list type="bullet">
/// <item><see cref="ClaimAsync"/>: the first silo to write the entry owns the session at epoch 1; a concurrent
/// claimer gets the winner's entry back, so two gateways starting the same id end with one owner.</item>
/// <item><see cref="TakeOverAsync"/>: replaces an owner the caller believes dead, only if the entry is still
/// exactly what the caller read (owner and epoch), and increments the epoch; of several would-be successors one wins.</item>
/// <item><see cref="ReleaseAsync"/>: a draining or finished owner gives the entry up, only while it still holds it at
/// its epoch; the next claim starts above the released epoch, so epochs never go back, and replaces the whole item.</item>
/// </list>
/// </summary>
public sealed class DynamoDbSessionDirectory(IAmazonDynamoDB client, string tableName)
{
    public async Task<DirectoryEntry?> LookupAsync(string sessionId, CancellationToken cancellationToken)
    {
        var response = await client.GetItemAsync(new GetItemRequest
        {
            TableName = tableName,
            Key = Key(sessionId),
            ConsistentRead = true,
        }, cancellationToken).ConfigureAwait(false);
        return response.Item is { Count: > 0 } item && item.TryGetValue("owner", out var owner) && owner.S is { Length: > 0 }
            ? new DirectoryEntry(sessionId, owner.S, Long(item, "epoch"))
            : null;
    }

    /// <summary>Takes a free entry (never owned, or released); returns the entry that holds afterwards, the caller's or the winner's.</summary>
    public async Task<DirectoryEntry> ClaimAsync(string sessionId, string siloId, CancellationToken cancellationToken)
    {
        while (true)
        {
            var current = await client.GetItemAsync(new GetItemRequest { TableName = tableName, Key = Key(sessionId), ConsistentRead = true }, cancellationToken).ConfigureAwait(false);
            var item = current.Item is { Count: > 0 } i ? i : null;
            if (item is not null && item.TryGetValue("owner", out var owner) && owner.S is { Length: > 0 })
            {
                return new DirectoryEntry(sessionId, owner.S, Long(item, "epoch"));
            }

            var epoch = item is null ? 1 : Long(item, "epoch") + 1;
            try
            {
                await client.PutItemAsync(new PutItemRequest
                {
                    TableName = tableName,
                    Item = new() { ["sessionId"] = S(sessionId), ["owner"] = S(siloId), ["epoch"] = N(epoch) },
                    ConditionExpression = item is null ? "attribute_not_exists(sessionId)" : "epoch = :previous AND (attribute_not_exists(#o) OR #o = :none)",
                    ExpressionAttributeNames = item is null ? null : new() { ["#o"] = "owner" },
                    ExpressionAttributeValues = item is null ? null : new() { [":previous"] = N(epoch - 1), [":none"] = S(string.Empty) },
                }, cancellationToken).ConfigureAwait(false);
                return new DirectoryEntry(sessionId, siloId, epoch);
            }
            catch (ConditionalCheckFailedException)
            {
                // Someone else wrote it between the read and the write: read again.
            }
        }
    }

    /// <summary>Replaces <paramref name="expected"/> with <paramref name="siloId"/> at the next epoch; null when the entry changed meanwhile.</summary>
    public async Task<DirectoryEntry?> TakeOverAsync(DirectoryEntry expected, string siloId, CancellationToken cancellationToken)
    {
        var taken = await DynamoDbTables.TryUpdateAsync(client, new UpdateItemRequest
        {
            TableName = tableName,
            Key = Key(expected.SessionId),
            UpdateExpression = "SET #o = :new, epoch = :next",
            ConditionExpression = "#o = :old AND epoch = :epoch",
            ExpressionAttributeNames = new() { ["#o"] = "owner" },
            ExpressionAttributeValues = new() { [":new"] = S(siloId), [":next"] = N(expected.Epoch + 1), [":old"] = S(expected.OwnerSiloId), [":epoch"] = N(expected.Epoch) },
        }, cancellationToken).ConfigureAwait(false);
        return taken ? new DirectoryEntry(expected.SessionId, siloId, expected.Epoch + 1) : null;
    }

    /// <summary>
    /// Gives the entry up (the session ended, or <paramref name="handedOver"/>: a draining owner leaves it, in progress,
    /// for another silo, and the entry remembers who did until the next claim); false when the caller no longer holds it.
    /// </summary>
    public Task<bool> ReleaseAsync(DirectoryEntry held, bool handedOver, CancellationToken cancellationToken)
        => DynamoDbTables.TryUpdateAsync(client, new UpdateItemRequest
        {
            TableName = tableName,
            Key = Key(held.SessionId),
            UpdateExpression = handedOver ? "SET #o = :none, handedOverBy = :me" : "SET #o = :none REMOVE handedOverBy",
            ConditionExpression = "#o = :me AND epoch = :epoch",
            ExpressionAttributeNames = new() { ["#o"] = "owner" },
            ExpressionAttributeValues = new() { [":none"] = S(string.Empty), [":me"] = S(held.OwnerSiloId), [":epoch"] = N(held.Epoch) },
        }, cancellationToken);

    /// <summary>
    /// The sessions <paramref name="siloId"/> still owns: after it was declared dead, the ones no gateway came back for
    /// (a scan: run once per dead silo, not per request).
    /// </summary>
    public Task<IReadOnlyList<string>> OwnedByAsync(string siloId, CancellationToken cancellationToken)
        => SessionsWhereAsync("#o = :silo", new() { [":silo"] = S(siloId) }, cancellationToken);

    /// <summary>
    /// The sessions <paramref name="siloId"/> handed over as it drained that nobody has claimed since (their gateway went
    /// away at the same time, so nobody reopened them). A scan: run once per drained silo.
    /// </summary>
    public Task<IReadOnlyList<string>> HandedOverByAsync(string siloId, CancellationToken cancellationToken)
        => SessionsWhereAsync("#o = :none AND handedOverBy = :silo", new() { [":none"] = S(string.Empty), [":silo"] = S(siloId) }, cancellationToken);

    public async Task EnsureTableAsync(CancellationToken cancellationToken)
    {
        await DynamoDbTables.CreateIfMissingAsync(client, new CreateTableRequest
        {
            TableName = tableName,
            BillingMode = BillingMode.PAY_PER_REQUEST,
            AttributeDefinitions = [new AttributeDefinition("sessionId", ScalarAttributeType.S)],
            KeySchema = [new KeySchemaElement("sessionId", KeyType.HASH)],
        }, cancellationToken).ConfigureAwait(false);
    }

    private async Task<IReadOnlyList<string>> SessionsWhereAsync(string filter, Dictionary<string, AttributeValue> values, CancellationToken cancellationToken)
    {
        var items = await DynamoDbTables.ScanAllAsync(client, new ScanRequest
        {
            TableName = tableName,
            FilterExpression = filter,
            ProjectionExpression = "sessionId",
            ExpressionAttributeNames = new() { ["#o"] = "owner" },
            ExpressionAttributeValues = values,
        }, cancellationToken).ConfigureAwait(false);
        return [.. items.Select(i => i["sessionId"].S)];
    }

    private static Dictionary<string, AttributeValue> Key(string sessionId) => new() { ["sessionId"] = S(sessionId) };

    private static AttributeValue S(string value) => new() { S = value };

    private static AttributeValue N(long value) => new() { N = value.ToString(CultureInfo.InvariantCulture) };

    private static long Long(Dictionary<string, AttributeValue> i, string name) => long.Parse(i[name].N, CultureInfo.InvariantCulture);
}
