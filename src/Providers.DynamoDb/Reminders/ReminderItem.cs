using System.Globalization;
using Amazon.DynamoDBv2.Model;
using LiveTranscription.Providers.DynamoDb.Shared;

namespace LiveTranscription.Providers.DynamoDb.Reminders;

/// <summary>The layout of a reminder item (see <see cref="DynamoDbReminderOptions"/>).</summary>
internal static class ReminderItem
{
    public const string GrainKey = nameof(GrainKey);
    public const string ReminderName = nameof(ReminderName);
    public const string ServiceId = nameof(ServiceId);
    public const string GrainId = nameof(GrainId);
    public const string GrainHash = nameof(GrainHash);
    public const string StartAt = nameof(StartAt);
    public const string PeriodTicks = nameof(PeriodTicks);
    public const string ETag = nameof(ETag);

    public static string KeyOf(string serviceId, GrainId grainId) => KeySegments.Join(serviceId, grainId.ToString());

    public static Dictionary<string, AttributeValue> Key(string serviceId, GrainId grainId, string reminderName) => new()
    {
        [GrainKey] = Attributes.S(KeyOf(serviceId, grainId)),
        [ReminderName] = Attributes.S(reminderName),
    };

    public static Dictionary<string, AttributeValue> Write(string serviceId, ReminderEntry entry, string etag) => new()
    {
        [GrainKey] = Attributes.S(KeyOf(serviceId, entry.GrainId)),
        [ReminderName] = Attributes.S(entry.ReminderName),
        [ServiceId] = Attributes.S(serviceId),
        [GrainId] = Attributes.S(entry.GrainId.ToString()),
        [GrainHash] = Attributes.N(entry.GrainId.GetUniformHashCode()),
        [StartAt] = Attributes.Time(entry.StartAt),
        [PeriodTicks] = Attributes.N(entry.Period.Ticks),
        [ETag] = Attributes.S(etag),
    };

    public static ReminderEntry Read(Dictionary<string, AttributeValue> item) => new()
    {
        GrainId = Orleans.Runtime.GrainId.Parse(item.GetString(GrainId), CultureInfo.InvariantCulture),
        ReminderName = item.GetString(ReminderName),
        StartAt = item.GetTime(StartAt),
        Period = TimeSpan.FromTicks(item.GetLong(PeriodTicks)),
        ETag = item.GetString(ETag),
    };
}
