using Microsoft.Extensions.Logging;

namespace LiveTranscription.Providers.DynamoDb.Storage;

internal sealed partial class DynamoDbGrainStorage
{
    [LoggerMessage(EventId = 101, EventName = "GrainStorageTableCreated", Level = LogLevel.Information, Message = "Grain storage {Storage}: created the DynamoDB table {TableName}")]
    private static partial void LogTableCreated(ILogger logger, string storage, string tableName);

    [LoggerMessage(EventId = 102, EventName = "GrainStorageRefused", Level = LogLevel.Warning, Message = "Grain storage {Storage} refused to {Operation} state {StateName} of grain {GrainId}: the grain had version {ETag}, the item has {StoredETag}")]
    private static partial void LogRefused(ILogger logger, string storage, string operation, string stateName, GrainId grainId, string? etag, string? storedETag);
}
