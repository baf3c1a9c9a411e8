using Microsoft.Extensions.Logging;

namespace LiveTranscription.Providers.DynamoDb.Clustering;

internal sealed partial class DynamoDbMembershipTable
{
    [LoggerMessage(EventId = 1, EventName = "MembershipTableCreated", Level = LogLevel.Information, Message = "Created the DynamoDB membership table {TableName}")]
    private static partial void LogTableCreated(ILogger logger, string tableName);

    [LoggerMessage(EventId = 2, EventName = "MembershipClusterItemCreated", Level = LogLevel.Information, Message = "Created the membership item of cluster {ClusterId} in {TableName}")]
    private static partial void LogClusterItemCreated(ILogger logger, string clusterId, string tableName);

    [LoggerMessage(EventId = 3, EventName = "MembershipChangeRefused", Level = LogLevel.Debug, Message = "{Operation} of silo {Silo} refused: stale table version, stale row etag, or row present/absent (table at {TableVersion})")]
    private static partial void LogRefused(ILogger logger, string operation, SiloAddress? silo, TableVersion tableVersion);

    [LoggerMessage(EventId = 4, EventName = "MembershipRaceLost", Level = LogLevel.Debug, Message = "{Operation} of silo {Silo}: the membership item changed since it was read (attempt {Attempt}); deciding again")]
    private static partial void LogRaceLost(ILogger logger, string operation, SiloAddress? silo, int attempt);

    [LoggerMessage(EventId = 5, EventName = "MembershipGaveUp", Level = LogLevel.Warning, Message = "{Operation} of silo {Silo} gave up after losing {Attempts} races for the membership item")]
    private static partial void LogGaveUp(ILogger logger, string operation, SiloAddress? silo, int attempts);

    [LoggerMessage(EventId = 6, EventName = "MembershipDefunctRowsRemoved", Level = LogLevel.Information, Message = "Removed {Count} dead rows last updated before {BeforeDate} from the membership of cluster {ClusterId}")]
    private static partial void LogDefunctRowsRemoved(ILogger logger, int count, DateTimeOffset beforeDate, string clusterId);
}
