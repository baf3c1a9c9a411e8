namespace LiveTranscription.Gateway.Cluster;

/// <summary>The gateway's side of the gateway↔silo link (section <c>Cluster:Link</c>).</summary>
public sealed class SessionLinkOptions
{
    public const string SectionName = "Cluster:Link";

    /// <summary>
    /// How long a session's stream keeps trying to reach an owner (failover, drain) before calls fail with a
    /// recoverable error. Failover takes the suspicion timeout plus a heartbeat period; this is far above it.
    /// </summary>
    public TimeSpan ReconnectTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Longest wait for a call's answer, reconnects included (Orleans' response timeout is 30 s too).</summary>
    public TimeSpan CallTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Opening a stream to a silo: connect, headers and its first message.</summary>
    public TimeSpan OpenTimeout { get; set; } = TimeSpan.FromSeconds(3);

    /// <summary>A session's stream with no subscription, no speaker or listener and no call in flight is closed after this.</summary>
    public TimeSpan IdleTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Largest message accepted from a silo (a resume ack carries the transcript so far).</summary>
    public int MaxMessageBytes { get; set; } = 16 * 1024 * 1024;
}
