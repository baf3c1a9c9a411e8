using System.Net;

namespace LiveTranscription.Providers.DynamoDb.Tests.Clustering;

/// <summary>Membership entries for tests: distinct silo addresses, every field set, times with full tick precision.</summary>
internal static class Silos
{
    private static int s_port = 20000;

    public static SiloAddress NewAddress() => SiloAddress.New(IPAddress.Loopback, Interlocked.Increment(ref s_port), 1_000 + s_port);

    public static MembershipEntry NewEntry(SiloStatus status = SiloStatus.Joining, DateTime? at = null)
    {
        var address = NewAddress();
        var time = at ?? DateTime.UtcNow;
        return new MembershipEntry
        {
            SiloAddress = address,
            Status = status,
            ProxyPort = address.Endpoint.Port + 10_000,
            HostName = "host-" + address.Endpoint.Port,
            SiloName = "silo-" + address.Endpoint.Port,
            RoleName = "role",
            UpdateZone = 1,
            FaultZone = 2,
            StartTime = time,
            IAmAliveTime = time,
            SuspectTimes = [Tuple.Create(NewAddress(), time.AddTicks(-12_345))],
        };
    }

    /// <summary>The same entry with other values (what a silo writes through UpdateRow).</summary>
    public static MembershipEntry With(this MembershipEntry entry, SiloStatus status, int updateZone = 1)
    {
        var copy = entry.Clone();
        copy.Status = status;
        copy.UpdateZone = updateZone;
        return copy;
    }

    public static MembershipEntry Clone(this MembershipEntry e) => new()
    {
        SiloAddress = e.SiloAddress,
        Status = e.Status,
        ProxyPort = e.ProxyPort,
        HostName = e.HostName,
        SiloName = e.SiloName,
        RoleName = e.RoleName,
        UpdateZone = e.UpdateZone,
        FaultZone = e.FaultZone,
        StartTime = e.StartTime,
        IAmAliveTime = e.IAmAliveTime,
        SuspectTimes = e.SuspectTimes?.ToList(),
    };
}
