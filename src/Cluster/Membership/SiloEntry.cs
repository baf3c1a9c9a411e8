namespace LiveTranscription.Cluster.Membership;

/// <summary>
/// One silo incarnation. <see cref="SiloId"/> is <c>{name}@{generation}</c>: a restarted silo registers with a new
/// generation (its start time in ms), so an old incarnation declared dead can never come back under the same id.
/// </summary>
public sealed record SiloEntry(
    string Name,
    long Generation,
    string Endpoint,
    SiloStatus Status,
    DateTimeOffset StartedAt,
    DateTimeOffset HeartbeatAt,
    int ActiveSessions,
    int Capacity)
{
    public string SiloId => $"{Name}@{Generation}";

    /// <summary>Whether the silo may take sessions at <paramref name="now"/>: active and heard from within <paramref name="suspicionTimeout"/>.</summary>
    public bool IsLive(DateTimeOffset now, TimeSpan suspicionTimeout)
        => Status is SiloStatus.Active or SiloStatus.Joining && now - HeartbeatAt <= suspicionTimeout;

    public int SpareCapacity => Math.Max(0, Capacity - ActiveSessions);
}
