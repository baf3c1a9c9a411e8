using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;

namespace LiveTranscription.Grains.Records.DynamoDb;

/// <summary>
/// Session records and transcript segments in DynamoDB, with single-item conditional writes only (dynalite
/// has no transactions). Fencing: a record write succeeds only if no record exists or the stored epoch is
/// not newer; a segment append first reads the record's epoch (strongly consistent) and refuses a stale
/// writer, and the segment item itself is written only if absent or written under an older epoch, so when
/// a stale writer slips between the read and the write, the newer owner's write of the same segment still
/// wins. A retried append with the same epoch is a no-op.
/// </summary>
public sealed class DynamoDbSessionStore(IAmazonDynamoDB client, DynamoDbStoreOptions options) : ISessionStore
{
    public async Task PutRecordAsync(SessionRecord record, CancellationToken cancellationToken)
    {
        try
        {
            await client.PutItemAsync(new PutItemRequest
            {
                TableName = options.RecordsTable,
                Item = DynamoDbItems.FromRecord(record),
                ConditionExpression = "attribute_not_exists(sessionId) OR epoch <= :epoch",
                ExpressionAttributeValues = new() { [":epoch"] = DynamoDbItems.N(record.Epoch) },
            }, cancellationToken);
        }
        catch (ConditionalCheckFailedException)
        {
            var stored = await GetRecordAsync(record.SessionId, cancellationToken);
            throw new StaleEpochException(record.SessionId, record.Epoch, stored?.Epoch ?? -1);
        }
    }

    public async Task AppendSegmentAsync(string sessionId, long epoch, TranscriptSegment segment, CancellationToken cancellationToken)
    {
        var owner = await client.GetItemAsync(new GetItemRequest
        {
            TableName = options.RecordsTable,
            Key = new() { ["sessionId"] = new AttributeValue { S = sessionId } },
            ProjectionExpression = "epoch",
            ConsistentRead = true,
        }, cancellationToken);
        if (owner.Item is { Count: > 0 } item && DynamoDbItems.Long(item, "epoch") is var stored && stored > epoch)
        {
            throw new StaleEpochException(sessionId, epoch, stored);
        }

        try
        {
            await client.PutItemAsync(new PutItemRequest
            {
                TableName = options.SegmentsTable,
                Item = DynamoDbItems.FromSegment(sessionId, epoch, segment),
                ConditionExpression = "attribute_not_exists(sessionId) OR epoch < :epoch",
                ExpressionAttributeValues = new() { [":epoch"] = DynamoDbItems.N(epoch) },
            }, cancellationToken);
        }
        catch (ConditionalCheckFailedException)
        {
            var existing = await client.GetItemAsync(new GetItemRequest
            {
                TableName = options.SegmentsTable,
                Key = DynamoDbItems.SegmentKey(sessionId, segment.SegmentId),
                ConsistentRead = true,
            }, cancellationToken);
            var existingEpoch = DynamoDbItems.Long(existing.Item, "epoch");
            if (existingEpoch > epoch)
            {
                throw new StaleEpochException(sessionId, epoch, existingEpoch);
            }

            // Same epoch: a retry of an append that succeeded.
        }
    }

    public async Task<SessionRecord?> GetRecordAsync(string sessionId, CancellationToken cancellationToken)
    {
        var response = await client.GetItemAsync(new GetItemRequest
        {
            TableName = options.RecordsTable,
            Key = new() { ["sessionId"] = new AttributeValue { S = sessionId } },
            ConsistentRead = true,
        }, cancellationToken);
        return response.Item is { Count: > 0 } item ? DynamoDbItems.ToRecord(item) : null;
    }

    public async Task<IReadOnlyList<TranscriptSegment>> GetSegmentsAsync(string sessionId, CancellationToken cancellationToken)
    {
        var segments = new List<TranscriptSegment>();
        Dictionary<string, AttributeValue>? start = null;
        do
        {
            var page = await client.QueryAsync(new QueryRequest
            {
                TableName = options.SegmentsTable,
                KeyConditionExpression = "sessionId = :id",
                ExpressionAttributeValues = new() { [":id"] = new AttributeValue { S = sessionId } },
                ScanIndexForward = true,
                ConsistentRead = true,
                ExclusiveStartKey = start,
            }, cancellationToken);
            segments.AddRange(page.Items.Select(DynamoDbItems.ToSegment));
            start = page.LastEvaluatedKey is { Count: > 0 } last ? last : null;
        }
        while (start is not null);

        return segments;
    }

    public async Task<SessionPage> ListUserSessionsAsync(string userId, int limit, string? pageToken, CancellationToken cancellationToken)
    {
        Dictionary<string, AttributeValue>? start = null;
        if (pageToken is not null)
        {
            var (createdAt, sessionId) = SessionPageToken.Parse(pageToken) ?? throw new ArgumentException("Invalid page token.", nameof(pageToken));
            start = new() { ["userId"] = DynamoDbItems.S(userId), ["createdAt"] = DynamoDbItems.S(createdAt), ["sessionId"] = DynamoDbItems.S(sessionId) };
        }

        var page = await client.QueryAsync(new QueryRequest
        {
            TableName = options.RecordsTable,
            IndexName = "byUser",
            KeyConditionExpression = "userId = :u",
            ExpressionAttributeValues = new() { [":u"] = DynamoDbItems.S(userId) },
            ScanIndexForward = false,
            Limit = limit,
            ExclusiveStartKey = start,
        }, cancellationToken);
        var records = page.Items.Select(DynamoDbItems.ToRecord).ToList();
        var next = page.LastEvaluatedKey is { Count: > 0 } last
            ? SessionPageToken.Create(DateTimeOffset.Parse(last["createdAt"].S, System.Globalization.CultureInfo.InvariantCulture), last["sessionId"].S)
            : null;
        return new SessionPage(records, next);
    }

    /// <summary>Creates the two tables if they are missing (<see cref="DynamoDbStoreOptions.CreateTablesIfMissing"/>).</summary>
    public async Task EnsureTablesAsync(CancellationToken cancellationToken)
    {
        var existing = (await client.ListTablesAsync(new ListTablesRequest(), cancellationToken)).TableNames ?? [];
        if (!existing.Contains(options.RecordsTable))
        {
            await client.CreateTableAsync(new CreateTableRequest
            {
                TableName = options.RecordsTable,
                BillingMode = BillingMode.PAY_PER_REQUEST,
                AttributeDefinitions =
                [
                    new AttributeDefinition("sessionId", ScalarAttributeType.S),
                    new AttributeDefinition("userId", ScalarAttributeType.S),
                    new AttributeDefinition("createdAt", ScalarAttributeType.S),
                ],
                KeySchema = [new KeySchemaElement("sessionId", KeyType.HASH)],
                GlobalSecondaryIndexes =
                [
                    new GlobalSecondaryIndex
                    {
                        IndexName = "byUser",
                        KeySchema = [new KeySchemaElement("userId", KeyType.HASH), new KeySchemaElement("createdAt", KeyType.RANGE)],
                        Projection = new Projection { ProjectionType = ProjectionType.ALL },
                    },
                ],
            }, cancellationToken);
        }

        if (!existing.Contains(options.SegmentsTable))
        {
            await client.CreateTableAsync(new CreateTableRequest
            {
                TableName = options.SegmentsTable,
                BillingMode = BillingMode.PAY_PER_REQUEST,
                AttributeDefinitions = [new AttributeDefinition("sessionId", ScalarAttributeType.S), new AttributeDefinition("segmentId", ScalarAttributeType.N)],
                KeySchema = [new KeySchemaElement("sessionId", KeyType.HASH), new KeySchemaElement("segmentId", KeyType.RANGE)],
            }, cancellationToken);
        }

        foreach (var table in new[] { options.RecordsTable, options.SegmentsTable })
        {
            while ((await client.DescribeTableAsync(table, cancellationToken)).Table.TableStatus != TableStatus.ACTIVE)
            {
                await Task.Delay(100, cancellationToken);
            }
        }
    }
}
