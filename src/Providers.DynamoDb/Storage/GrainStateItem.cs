using System.Text;
using Amazon.DynamoDBv2.Model;
using LiveTranscription.Providers.DynamoDb.Shared;

namespace LiveTranscription.Providers.DynamoDb.Storage;

/// <summary>The layout of a grain state item: <c>Key</c>, <c>State</c> (binary), <c>Version</c> (the ETag), <c>UpdatedAt</c>.</summary>
internal static class GrainStateItem
{
    public const string Key = nameof(Key);
    public const string State = nameof(State);
    public const string Version = nameof(Version);
    public const string UpdatedAt = nameof(UpdatedAt);

    /// <summary>DynamoDB's maximum item size: 400 KB, attribute names and values included.</summary>
    public const int MaxItemBytes = 400 * 1024;

    /// <summary>The most a number attribute can take (38 significant digits: 20 bytes, plus one).</summary>
    private const int MaxNumberBytes = 21;

    public static string KeyOf(string serviceId, string stateName, GrainId grainId) => KeySegments.Join(serviceId, stateName, grainId.ToString());

    public static Dictionary<string, AttributeValue> KeyAttributes(string key) => new() { [Key] = Attributes.S(key) };

    public static Dictionary<string, AttributeValue> Write(string key, byte[] state, long version, DateTimeOffset updatedAt) => new()
    {
        [Key] = Attributes.S(key),
        [State] = Attributes.B(state),
        [Version] = Attributes.N(version),
        [UpdatedAt] = Attributes.Time(updatedAt.UtcDateTime),
    };

    /// <summary>An upper bound of the size DynamoDB counts for an item holding <paramref name="stateBytes"/> under <paramref name="key"/>.</summary>
    public static int SizeOf(string key, int stateBytes)
        => Encoding.UTF8.GetByteCount(Key) + Encoding.UTF8.GetByteCount(key)
            + Encoding.UTF8.GetByteCount(State) + stateBytes
            + Encoding.UTF8.GetByteCount(Version) + MaxNumberBytes
            + Encoding.UTF8.GetByteCount(UpdatedAt) + "yyyy-MM-ddTHH:mm:ss.fffffffZ".Length;
}
