using System.Globalization;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using LiveTranscription.Providers.DynamoDb.Shared;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Configuration;

namespace LiveTranscription.Providers.DynamoDb.Reminders;

/// <summary>
/// Orleans' reminder table in DynamoDB: one item per reminder, consistent reads, a fresh etag per upsert and removals
/// conditional on it. A grain's reminders are one query; a hash range is a filtered scan of the service's items.
/// </summary>
internal sealed partial class DynamoDbReminderTable(
    IAmazonDynamoDB client,
    IOptions<DynamoDbReminderOptions> options,
    IOptions<ClusterOptions> clusterOptions,
    ILogger<DynamoDbReminderTable> logger) : IReminderTable
{
    private readonly string _tableName = options.Value.TableName;
    private readonly string _serviceId = clusterOptions.Value.ServiceId;

    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        if (options.Value.CreateTableIfMissing && await DynamoDbTables.CreateIfMissingAsync(client, new CreateTableRequest
        {
            TableName = _tableName,
            AttributeDefinitions =
            [
                new AttributeDefinition(ReminderItem.GrainKey, ScalarAttributeType.S),
                new AttributeDefinition(ReminderItem.ReminderName, ScalarAttributeType.S),
            ],
            KeySchema = [new KeySchemaElement(ReminderItem.GrainKey, KeyType.HASH), new KeySchemaElement(ReminderItem.ReminderName, KeyType.RANGE)],
        }, cancellationToken).ConfigureAwait(false))
        {
            LogTableCreated(logger, _tableName);
        }
    }

    public Task<ReminderTableData> ReadRows(GrainId grainId) => ReadRows(grainId, CancellationToken.None);

    public async Task<ReminderTableData> ReadRows(GrainId grainId, CancellationToken cancellationToken)
    {
        var items = await DynamoDbTables.QueryAllAsync(client, new QueryRequest
        {
            TableName = _tableName,
            KeyConditionExpression = "#key = :key",
            ExpressionAttributeNames = new() { ["#key"] = ReminderItem.GrainKey },
            ExpressionAttributeValues = new() { [":key"] = Attributes.S(ReminderItem.KeyOf(_serviceId, grainId)) },
            ConsistentRead = true,
        }, cancellationToken).ConfigureAwait(false);
        return new ReminderTableData(items.Select(ReminderItem.Read));
    }

    public Task<ReminderTableData> ReadRows(uint begin, uint end) => ReadRows(begin, end, CancellationToken.None);

    /// <summary>The reminders whose grain hash is in the ring range (begin, end]; begin &gt;= end wraps around zero.</summary>
    public async Task<ReminderTableData> ReadRows(uint begin, uint end, CancellationToken cancellationToken)
    {
        var range = begin < end ? "#hash > :begin AND #hash <= :end" : "(#hash > :begin OR #hash <= :end)";
        var items = await DynamoDbTables.ScanAllAsync(client, new ScanRequest
        {
            TableName = _tableName,
            FilterExpression = $"#service = :service AND {range}",
            ExpressionAttributeNames = new() { ["#service"] = ReminderItem.ServiceId, ["#hash"] = ReminderItem.GrainHash },
            ExpressionAttributeValues = new()
            {
                [":service"] = Attributes.S(_serviceId),
                [":begin"] = Attributes.N(begin),
                [":end"] = Attributes.N(end),
            },
            ConsistentRead = true,
        }, cancellationToken).ConfigureAwait(false);
        return new ReminderTableData(items.Select(ReminderItem.Read));
    }

    public Task<ReminderEntry?> ReadRow(GrainId grainId, string reminderName) => ReadRow(grainId, reminderName, CancellationToken.None);

    public async Task<ReminderEntry?> ReadRow(GrainId grainId, string reminderName, CancellationToken cancellationToken)
    {
        var response = await client.GetItemAsync(new GetItemRequest
        {
            TableName = _tableName,
            Key = ReminderItem.Key(_serviceId, grainId, reminderName),
            ConsistentRead = true,
        }, cancellationToken).ConfigureAwait(false);
        return response.Item is { Count: > 0 } item ? ReminderItem.Read(item) : null;
    }

    public Task<string?> UpsertRow(ReminderEntry entry) => UpsertRow(entry, CancellationToken.None);

    public async Task<string?> UpsertRow(ReminderEntry entry, CancellationToken cancellationToken)
    {
        var etag = Guid.NewGuid().ToString("N", CultureInfo.InvariantCulture);
        await client.PutItemAsync(new PutItemRequest { TableName = _tableName, Item = ReminderItem.Write(_serviceId, entry, etag) }, cancellationToken).ConfigureAwait(false);
        return etag;
    }

    public Task<bool> RemoveRow(GrainId grainId, string reminderName, string eTag) => RemoveRow(grainId, reminderName, eTag, CancellationToken.None);

    /// <summary>Deletes the reminder if it still has <paramref name="eTag"/>; <see langword="false"/> if it changed or is gone.</summary>
    public async Task<bool> RemoveRow(GrainId grainId, string reminderName, string eTag, CancellationToken cancellationToken)
    {
        try
        {
            await client.DeleteItemAsync(new DeleteItemRequest
            {
                TableName = _tableName,
                Key = ReminderItem.Key(_serviceId, grainId, reminderName),
                ConditionExpression = "#etag = :etag",
                ExpressionAttributeNames = new() { ["#etag"] = ReminderItem.ETag },
                ExpressionAttributeValues = new() { [":etag"] = Attributes.S(eTag) },
            }, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (ConditionalCheckFailedException)
        {
            LogRemoveRefused(logger, reminderName, grainId, eTag);
            return false;
        }
    }

    public Task TestOnlyClearTable() => TestOnlyClearTable(CancellationToken.None);

    /// <summary>Deletes this service's reminders (other services sharing the table keep theirs).</summary>
    public async Task TestOnlyClearTable(CancellationToken cancellationToken)
    {
        var items = await DynamoDbTables.ScanAllAsync(client, new ScanRequest
        {
            TableName = _tableName,
            FilterExpression = "#service = :service",
            ProjectionExpression = "#key, #name",
            ExpressionAttributeNames = new() { ["#service"] = ReminderItem.ServiceId, ["#key"] = ReminderItem.GrainKey, ["#name"] = ReminderItem.ReminderName },
            ExpressionAttributeValues = new() { [":service"] = Attributes.S(_serviceId) },
            ConsistentRead = true,
        }, cancellationToken).ConfigureAwait(false);
        foreach (var key in items)
        {
            await client.DeleteItemAsync(new DeleteItemRequest { TableName = _tableName, Key = key }, cancellationToken).ConfigureAwait(false);
        }
    }
}
