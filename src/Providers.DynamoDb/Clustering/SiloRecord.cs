namespace LiveTranscription.Providers.DynamoDb.Clustering;

/// <summary>
/// One membership row as stored (JSON text, readable by operators): Orleans' <see cref="MembershipEntry"/> with the silo
/// addresses in their parsable form (<c>ip:port@generation</c>) and the status by name.
/// </summary>
internal sealed record SiloRecord(
    string SiloAddress,
    string Status,
    int ProxyPort,
    string? HostName,
    string? SiloName,
    string? RoleName,
    int UpdateZone,
    int FaultZone,
    DateTime StartTime,
    DateTime IAmAliveTime,
    IReadOnlyList<SuspectRecord>? SuspectTimes)
{
    public SiloStatus SiloStatus => Enum.Parse<SiloStatus>(Status);

    /// <summary>
    /// The last time the row is known to have changed: the latest of its start, its IAmAlive and any suspicion vote
    /// (declaring a silo dead records a vote), as Orleans' cleanup agent computes it to choose its cutoff.
    /// </summary>
    public DateTime EffectiveUpdateTime
    {
        get
        {
            var latest = Max(DateTime.SpecifyKind(StartTime, DateTimeKind.Utc), DateTime.SpecifyKind(IAmAliveTime, DateTimeKind.Utc));
            foreach (var suspect in SuspectTimes ?? [])
            {
                latest = Max(latest, DateTime.SpecifyKind(suspect.Time, DateTimeKind.Utc));
            }

            return latest;
        }
    }

    public static SiloRecord From(MembershipEntry entry) => new(
        entry.SiloAddress.ToParsableString(),
        entry.Status.ToString(),
        entry.ProxyPort,
        entry.HostName,
        entry.SiloName,
        entry.RoleName,
        entry.UpdateZone,
        entry.FaultZone,
        entry.StartTime,
        entry.IAmAliveTime,
        entry.SuspectTimes?.Select(s => new SuspectRecord(s.Item1.ToParsableString(), s.Item2)).ToList());

    public MembershipEntry ToEntry() => new()
    {
        SiloAddress = Orleans.Runtime.SiloAddress.FromParsableString(SiloAddress),
        Status = SiloStatus,
        ProxyPort = ProxyPort,
        HostName = HostName!,
        SiloName = SiloName!,
        RoleName = RoleName,
        UpdateZone = UpdateZone,
        FaultZone = FaultZone,
        StartTime = StartTime,
        IAmAliveTime = IAmAliveTime,
        SuspectTimes = SuspectTimes?.Select(s => Tuple.Create(Orleans.Runtime.SiloAddress.FromParsableString(s.Silo), s.Time)).ToList(),
    };

    private static DateTime Max(DateTime a, DateTime b) => a > b ? a : b;
}

/// <summary>A suspicion vote: which silo suspected the row's silo, and when.</summary>
internal sealed record SuspectRecord(string Silo, DateTime Time);
