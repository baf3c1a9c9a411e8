namespace LiveTranscription.Grains.Sessions;

/// <summary>Per-silo session capacity (section <c>Silo</c>).</summary>
public sealed class CapacityOptions
{
    public const string SectionName = "Silo";

    /// <summary>Live sessions (starting, active, paused) this silo accepts.</summary>
    public int MaxActiveSessions { get; set; } = 100;

    /// <summary><c>retryAfter</c> sent with <c>SESSION_LIMIT_EXCEEDED</c>.</summary>
    public TimeSpan RetryAfter { get; set; } = TimeSpan.FromSeconds(15);
}
