namespace LiveTranscription.Cluster;

/// <summary>Cluster mode (section <c>Cluster</c>). Timing of the membership is in <c>Cluster:Membership</c>.</summary>
public sealed class ClusterOptions
{
    public const string SectionName = "Cluster";

    /// <summary><c>Embedded</c> (default: the gateway process hosts the silo) or <c>Cluster</c> (separate silo processes).</summary>
    public string Mode { get; set; } = "Embedded";

    public bool IsCluster => string.Equals(Mode, "Cluster", StringComparison.OrdinalIgnoreCase);

    /// <summary>The session directory table: session id → owning silo and epoch.</summary>
    public string DirectoryTable { get; set; } = "LiveTranscriptionDirectory";

    /// <summary>Create the membership and directory tables at startup if missing (development, tests); off in production.</summary>
    public bool CreateTablesIfMissing { get; set; }
}
