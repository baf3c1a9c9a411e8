using Microsoft.Extensions.Logging;

namespace LiveTranscription.Providers.DynamoDb.Reminders;

internal sealed partial class DynamoDbReminderTable
{
    [LoggerMessage(EventId = 201, EventName = "ReminderTableCreated", Level = LogLevel.Information, Message = "Created the DynamoDB reminder table {TableName}")]
    private static partial void LogTableCreated(ILogger logger, string tableName);

    [LoggerMessage(EventId = 202, EventName = "ReminderRemoveRefused", Level = LogLevel.Debug, Message = "Reminder {ReminderName} of grain {GrainId} not removed: it no longer has etag {ETag}, or is gone")]
    private static partial void LogRemoveRefused(ILogger logger, string reminderName, GrainId grainId, string eTag);
}
