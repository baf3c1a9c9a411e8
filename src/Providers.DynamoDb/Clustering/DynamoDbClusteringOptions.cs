namespace LiveTranscription.Providers.DynamoDb.Clustering;

/// <summary>
/// Options of the DynamoDB clustering provider (the membership table for silos, the gateway list for clients).
/// The DynamoDB client is the <see cref="Amazon.DynamoDBv2.IAmazonDynamoDB"/> registered in the host's services.
/// </summary>
/// <remarks>
/// The table has one item per cluster, keyed by <c>ClusterId</c> (string): the whole membership table of that cluster
/// (version, version etag, a revision bumped on every write, and one JSON row per silo). See the project's README.
/// </remarks>
public sealed class DynamoDbClusteringOptions
{
    /// <summary>The default <see cref="TableName"/>.</summary>
    public const string DefaultTableName = "LiveTranscriptionMembership";

    /// <summary>Gets or sets the DynamoDB table holding the membership items. Default: <c>LiveTranscriptionMembership</c>.</summary>
    public string TableName { get; set; } = DefaultTableName;

    /// <summary>
    /// Gets or sets whether the table is created (on-demand billing, waiting until ACTIVE) when it does not exist.
    /// Default: <see langword="false"/>: production tables are provisioned by infrastructure code; tests and development set it.
    /// </summary>
    public bool CreateTableIfMissing { get; set; }
}
