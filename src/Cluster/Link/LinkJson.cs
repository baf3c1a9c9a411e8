using System.Text.Json;
using Google.Protobuf;

namespace LiveTranscription.Cluster.Link;

/// <summary>JSON of the public protocol's records inside link messages (the same camelCase JSON clients see).</summary>
public static class LinkJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web);

    public static ByteString Encode<T>(T value) => ByteString.CopyFrom(JsonSerializer.SerializeToUtf8Bytes(value, Options));

    public static ByteString Encode(object value) => ByteString.CopyFrom(JsonSerializer.SerializeToUtf8Bytes(value, value.GetType(), Options));

    public static T Decode<T>(ByteString json)
        => JsonSerializer.Deserialize<T>(json.Span, Options) ?? throw new InvalidDataException($"Empty {typeof(T).Name} in a link message.");
}
