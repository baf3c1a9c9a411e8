using System.Text.Json.Serialization;

namespace LiveTranscription.Providers.DynamoDb.Clustering;

/// <summary>Source-generated System.Text.Json metadata for the stored membership rows.</summary>
[JsonSerializable(typeof(SiloRecord))]
[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
internal sealed partial class MembershipJsonContext : JsonSerializerContext;
