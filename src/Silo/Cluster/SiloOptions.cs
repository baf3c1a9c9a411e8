namespace LiveTranscription.Silo.Cluster;

/// <summary>A cluster silo process (section <c>Cluster:Silo</c>).</summary>
public sealed class SiloOptions
{
    public const string SectionName = "Cluster:Silo";

    /// <summary>Name of this silo; its membership id is <c>{Name}@{generation}</c>. Default: host name + process id.</summary>
    public string Name { get; set; } = $"{Environment.MachineName}-{Environment.ProcessId}";

    /// <summary>
    /// Host gateways use to reach this silo. <c>auto</c>: the first non-loopback IPv4 address of an interface that is up
    /// (the task's private IP with ECS awsvpc networking).
    /// </summary>
    public string AdvertisedHost { get; set; } = "127.0.0.1";

    /// <summary>Internal port: the link endpoint (HTTP/2 without TLS, inside the VPC) and health checks.</summary>
    public int Port { get; set; } = 5090;

    /// <summary>
    /// Drain deadline after SIGTERM: sessions are handed over and the process exits within it. Below ECS's default
    /// stop timeout (30 s), after which ECS sends SIGKILL.
    /// </summary>
    public TimeSpan DrainTimeout { get; set; } = TimeSpan.FromSeconds(25);

    /// <summary>
    /// After this silo declares another dead (or, as the coordinator, sees one drain), how long it waits before activating
    /// the sessions that silo left that no gateway came back for (so they resume, wait out the speaker's grace, and end with their transcript and audio kept instead
    /// of staying in progress forever). Gateways moving live sessions go first.
    /// </summary>
    public TimeSpan OrphanSweepDelay { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Concurrent HTTP/2 streams per gateway connection (Kestrel's default is 100; a stream per session).</summary>
    public int MaxStreamsPerConnection { get; set; } = 1000;

    /// <summary>Largest link message accepted.</summary>
    public int MaxLinkMessageBytes { get; set; } = 4 * 1024 * 1024;

    /// <summary>Messages queued for one gateway stream before it is closed as too slow (it reconnects).</summary>
    public int LinkQueueCapacity { get; set; } = 8192;

    public string Endpoint => $"http://{ResolveHost(AdvertisedHost)}:{Port}";

    private static string ResolveHost(string host)
    {
        if (!string.Equals(host, "auto", StringComparison.OrdinalIgnoreCase))
        {
            return host;
        }

        return System.Net.NetworkInformation.NetworkInterface.GetAllNetworkInterfaces()
            .Where(i => i.OperationalStatus == System.Net.NetworkInformation.OperationalStatus.Up)
            .SelectMany(i => i.GetIPProperties().UnicastAddresses)
            .Select(a => a.Address)
            .FirstOrDefault(a => a.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork && !System.Net.IPAddress.IsLoopback(a))
            ?.ToString() ?? "127.0.0.1";
    }
}
