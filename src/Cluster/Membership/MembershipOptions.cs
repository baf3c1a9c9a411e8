namespace LiveTranscription.Cluster.Membership;

/// <summary>Membership timing (section <c>Cluster:Membership</c>).</summary>
public sealed class MembershipOptions
{
    public const string SectionName = "Cluster:Membership";

    public string TableName { get; set; } = "LiveTranscriptionSilos";

    /// <summary>How often a silo writes its heartbeat and reads the table.</summary>
    public TimeSpan HeartbeatPeriod { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>A silo not heard from for this long is dead for placement and takeover (3 missed heartbeats).</summary>
    public TimeSpan SuspicionTimeout { get; set; } = TimeSpan.FromSeconds(3);

    /// <summary>
    /// How long a dead incarnation's row stays (for operators reading the table) before a live silo deletes it. Every
    /// silo and gateway reads the whole table each heartbeat, so rows from past deployments must not pile up. A deleted
    /// incarnation still cannot come back: heartbeats only update a row that exists.
    /// </summary>
    public TimeSpan DeadRetention { get; set; } = TimeSpan.FromHours(1);
}
