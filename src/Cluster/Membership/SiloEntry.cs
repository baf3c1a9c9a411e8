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

    /// <summary>
    /// Whether the silo is alive at <paramref name="now"/>: not declared dead and heard from within <paramref name="suspicionTimeout"/>.
    /// A live silo's sessions are not taken over; only <see cref="SiloStatus.Active"/> ones get new sessions (<see cref="Placement"/>).
    /// </summary>
    public bool IsLive(DateTimeOffset now, TimeSpan suspicionTimeout)
        => Status != SiloStatus.Dead && now - HeartbeatAt <= suspicionTimeout;

    public int SpareCapacity => Math.Max(0, Capacity - ActiveSessions);
}
