namespace LiveTranscription.Gateway;

/// <summary>Gateway settings (section <c>Gateway</c>).</summary>
public sealed class GatewayOptions
{
    public const string SectionName = "Gateway";

    /// <summary>This gateway's identity (in subscriptions and logs). Default: machine name + process id.</summary>
    public string GatewayId { get; set; } = $"gw-{Environment.MachineName}-{Environment.ProcessId}";

    /// <summary>Sustained <c>SendAudio</c> calls per second per connection; above it: <c>RATE_LIMITED</c>.</summary>
    public double ChunksPerSecond { get; set; } = 50;

    /// <summary>Burst allowance above the sustained rate (a reconnecting client replays up to 5 s at once).</summary>
    public int ChunkBurst { get; set; } = 100;

    /// <summary>Sustained rate of all other hub calls per connection; above it: <c>RATE_LIMITED</c>.</summary>
    public double ControlCallsPerSecond { get; set; } = 20;

    /// <summary>Burst allowance for the other hub calls.</summary>
    public int ControlCallBurst { get; set; } = 40;

    /// <summary>Events queued for one slow client before its connection is closed (it can reconnect and catch up).</summary>
    public int OutboxCapacity { get; set; } = 4096;

    /// <summary>Largest SignalR message accepted. Above it the transport closes the connection; below it, chunks over the audio limit get <c>INVALID_AUDIO_FORMAT</c>.</summary>
    public long MaxMessageBytes { get; set; } = 128 * 1024;
}
