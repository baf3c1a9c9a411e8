namespace LiveTranscription.Cluster.Membership;

/// <summary>A silo's lifecycle in the membership table.</summary>
public enum SiloStatus
{
    Joining,
    Active,
    ShuttingDown,
    Dead,
}
