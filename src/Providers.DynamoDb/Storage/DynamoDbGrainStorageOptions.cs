using Orleans.Storage;

namespace LiveTranscription.Providers.DynamoDb.Storage;

/// <summary>
/// Options of one DynamoDB grain storage (named like the storage: <c>[PersistentState("state", "name")]</c>).
/// The DynamoDB client is the <see cref="Amazon.DynamoDBv2.IAmazonDynamoDB"/> registered in the silo's services.
/// </summary>
/// <remarks>
/// One item per grain state, keyed by <c>Key</c> = <c>{serviceId}/{stateName}/{grainId}</c> (service id and state name
/// with '%' and '/' escaped as %25 and %2F, so a GrainId's own '/' cannot make two states share an item), holding
/// <c>State</c> (binary, the serializer's output), <c>Version</c> (number, the ETag) and <c>UpdatedAt</c> (ISO 8601).
/// Give each storage its own table, or storages sharing a table must not share state names.
/// </remarks>
public sealed class DynamoDbGrainStorageOptions : IStorageProviderSerializerOptions
{
    /// <summary>The default <see cref="TableName"/>.</summary>
    public const string DefaultTableName = "LiveTranscriptionGrainState";

    /// <summary>Gets or sets the DynamoDB table holding the grain states. Default: <c>LiveTranscriptionGrainState</c>.</summary>
    public string TableName { get; set; } = DefaultTableName;

    /// <summary>
    /// Gets or sets whether the table is created (on-demand billing, waiting until ACTIVE) when the silo starts and it does
    /// not exist. Default: <see langword="false"/>: production tables are provisioned by infrastructure code.
    /// </summary>
    public bool CreateTableIfMissing { get; set; }

    /// <summary>
    /// Gets or sets the serializer of the states. Default (when left <see langword="null"/>): the silo's
    /// <see cref="IGrainStorageSerializer"/> keyed by the storage name, else the silo's default one, as Orleans' own
    /// providers resolve it. Changing it makes the states already stored unreadable.
    /// </summary>
    public IGrainStorageSerializer GrainStorageSerializer { get; set; } = null!;
}
