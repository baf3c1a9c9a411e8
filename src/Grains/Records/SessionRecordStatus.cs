using System.Text.Json.Serialization;

namespace LiveTranscription.Grains.Records;

/// <summary>Status of a stored session record.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<SessionRecordStatus>))]
public enum SessionRecordStatus
{
    [JsonStringEnumMemberName("IN_PROGRESS")] InProgress,
    [JsonStringEnumMemberName("COMPLETED")] Completed,
    [JsonStringEnumMemberName("FAILED")] Failed,
}
