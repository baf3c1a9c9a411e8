namespace LiveTranscription.Grains.Abstractions.Protocol;

/// <summary>Answer to <c>StartSession</c> (a new session, an idempotent retry or a resume).</summary>
public sealed record SessionAck
{
    public required string SessionId { get; init; }
    public required string JobId { get; init; }
    public required int SampleRate { get; init; }
    public required string Encoding { get; init; }
    public required string Quality { get; init; }
    public required string LanguageCode { get; init; }
    public required string Engine { get; init; }

    /// <summary>Always <c>ready</c>: audio may be sent.</summary>
    public string Status { get; init; } = "ready";

    public required SessionState State { get; init; }

    /// <summary>Secret that lets this speaker resume the session from another connection.</summary>
    public required string ResumeToken { get; init; }

    /// <summary>Highest contiguous sequence accepted so far; -1 if none. Resume sending at <c>lastSequence + 1</c>.</summary>
    public required long LastSequence { get; init; }

    /// <summary>True when this call resumed an existing session.</summary>
    public bool Resumed { get; init; }

    /// <summary>On resume: the finals so far, so the speaker's view catches up.</summary>
    public IReadOnlyList<TranscriptEvent> Finals { get; init; } = [];

    /// <summary>On resume: the current partial, if any.</summary>
    public TranscriptEvent? Partial { get; init; }

    public required DateTimeOffset Timestamp { get; init; }
}
