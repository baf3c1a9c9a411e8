namespace LiveTranscription.Grains.Records.DynamoDb;

/// <summary>DynamoDB tables for session records and transcript segments (section <c>Storage:DynamoDb</c>).</summary>
public sealed class DynamoDbStoreOptions
{
    public const string SectionName = "Storage:DynamoDb";

    /// <summary>Endpoint override (dynalite, DynamoDB Local, a VPC endpoint); null: the region's public endpoint.</summary>
    public string? ServiceUrl { get; set; }

    public string Region { get; set; } = "us-east-1";

    /// <summary>Records: partition key <c>sessionId</c>; GSI <c>byUser</c> (<c>userId</c>, <c>createdAt</c>).</summary>
    public string RecordsTable { get; set; } = "LiveTranscriptionSessions";

    /// <summary>Finals: partition key <c>sessionId</c>, sort key <c>segmentId</c> (a 4-hour transcript exceeds one item's 400 KB).</summary>
    public string SegmentsTable { get; set; } = "LiveTranscriptionSegments";

    /// <summary>Create missing tables at startup (development and tests); production tables come from infrastructure code.</summary>
    public bool CreateTablesIfMissing { get; set; }
}
