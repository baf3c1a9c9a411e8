using System.Globalization;
using Amazon.DynamoDBv2.Model;

namespace LiveTranscription.Providers.DynamoDb.Shared;

/// <summary>Building and reading DynamoDB attribute values (numbers travel as invariant-culture strings).</summary>
internal static class Attributes
{
    public static AttributeValue S(string value) => new() { S = value };

    public static AttributeValue N(long value) => new() { N = value.ToString(CultureInfo.InvariantCulture) };

    public static AttributeValue B(byte[] value) => new() { B = new MemoryStream(value, writable: false) };

    /// <summary>A time as ISO 8601 text with its kind preserved (round-trip format), readable in the console.</summary>
    public static AttributeValue Time(DateTime value) => S(value.ToString("O", CultureInfo.InvariantCulture));

    public static string GetString(this Dictionary<string, AttributeValue> item, string name)
        => item.TryGetValue(name, out var value) && value.S is { } s ? s : throw Missing(name);

    public static long GetLong(this Dictionary<string, AttributeValue> item, string name)
        => item.TryGetValue(name, out var value) && value.N is { } n ? long.Parse(n, NumberStyles.Integer, CultureInfo.InvariantCulture) : throw Missing(name);

    public static byte[] GetBytes(this Dictionary<string, AttributeValue> item, string name)
        => item.TryGetValue(name, out var value) && value.B is { } b ? b.ToArray() : throw Missing(name);

    public static DateTime GetTime(this Dictionary<string, AttributeValue> item, string name)
        => DateTime.Parse(item.GetString(name), CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind);

    private static InvalidDataException Missing(string name) => new($"The DynamoDB item has no usable '{name}' attribute.");
}
