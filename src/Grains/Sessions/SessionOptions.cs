using LiveTranscription.Grains.Audio;

namespace LiveTranscription.Grains.Sessions;

/// <summary>Session lifecycle settings (section <c>Sessions</c>). Defaults are the product's.</summary>
public sealed class SessionOptions
{
    public const string SectionName = "Sessions";

    /// <summary>Heartbeat to speaker and listeners.</summary>
    public TimeSpan HeartbeatInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Periodic <c>sessionStatus</c> to the speaker.</summary>
    public TimeSpan StatusInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Without audio for this long (also while paused) the session gets <c>SESSION_TIMEOUT</c> and is finalized.</summary>
    public TimeSpan IdleTimeout { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Most audio a session may record; at the limit: <c>BUFFER_OVERFLOW</c>, then finalized.</summary>
    public TimeSpan MaxDuration { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>How long a disconnected speaker may take to resume before the session fails (transcript kept).</summary>
    public TimeSpan DisconnectGrace { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long a finished session stays active for late status and join calls; then it is served from the store.</summary>
    public TimeSpan RetainAfterEnd { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>How long an activation for an id nobody started lingers (a subscribe may precede the start).</summary>
    public TimeSpan UnusedActivationTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Upper bound for the engine to start.</summary>
    public TimeSpan EngineStartTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Upper bound for the engine's last results at the end.</summary>
    public TimeSpan FlushTimeout { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>How long the end of a session waits for its records to be written before answering.</summary>
    public TimeSpan RecordDrainTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary><c>retryAfter</c> sent with a recoverable <c>BUFFER_OVERFLOW</c> (engine behind).</summary>
    public TimeSpan BufferOverflowRetryAfter { get; set; } = TimeSpan.FromSeconds(1);

    public string DefaultLanguage { get; set; } = "en-US";

    /// <summary>How often the open segment's partial is written into the record (crash and takeover recovery).</summary>
    public TimeSpan PartialPersistInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// Cluster mode: an activation that finds its session in progress (its owner died or drained) resumes it: the
    /// transcript so far, the speaker, the audio sequence and archive, a new engine stream. Embedded mode (false)
    /// finalizes such a session as failed, keeping what was stored: there the process that ran it is gone for good.
    /// </summary>
    public bool ResumeInProgress { get; set; }

    public AudioLimits Audio { get; set; } = new();
}
