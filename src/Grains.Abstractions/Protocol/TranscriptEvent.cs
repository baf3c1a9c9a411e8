namespace LiveTranscription.Grains.Abstractions.Protocol;

/// <summary>
/// A transcript result. A partial replaces the segment's previous text; a final closes the segment
/// and never changes. Segment ids are 0, 1, 2, … in order, one per final. An empty partial clears
/// the segment (the engine heard noise, not words) and its id is reused by the next utterance.
/// </summary>
public sealed record TranscriptEvent
{
    public required string SessionId { get; init; }
    public required long SegmentId { get; init; }
    public required bool IsPartial { get; init; }
    public required string Text { get; init; }

    /// <summary>Seconds from the start of the session's audio.</summary>
    public required double StartTime { get; init; }

    /// <summary>Seconds from the start of the session's audio.</summary>
    public required double EndTime { get; init; }

    /// <summary>0..1; engines without a confidence report 1 for finals' words they are sure of.</summary>
    public required double Confidence { get; init; }

    public required DateTimeOffset Timestamp { get; init; }

    /// <summary>Speaker label (<c>spk_0</c>, …) when the engine identifies speakers (Transcribe with speaker labels on); else null.</summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public string? Speaker { get; init; }
}
