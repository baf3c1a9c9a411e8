namespace LiveTranscription.Grains.Records;

/// <summary>
/// The stored record of a session. Written when it starts, updated on state changes and as finals
/// arrive; the finals themselves are separate <see cref="TranscriptSegment"/>s. Every write carries
/// the writer's <see cref="Epoch"/>; a store refuses writes older than what it holds (fencing).
/// </summary>
public sealed record SessionRecord
{
    public required string SessionId { get; init; }
    public required string UserId { get; init; }
    public required SessionRecordStatus Status { get; init; }
    public required DateTimeOffset CreatedAt { get; init; }
    public required DateTimeOffset UpdatedAt { get; init; }
    public required int SampleRate { get; init; }
    public required string Quality { get; init; }
    public required string Encoding { get; init; }
    public required string LanguageCode { get; init; }
    public required string Engine { get; init; }
    public required string TranscriptionId { get; init; }
    /// <summary>The session's (first) archive object.</summary>
    public string? AudioKey { get; init; }

    /// <summary>
    /// When the session moved between silos (failover, drain): every archive object in order, the first being
    /// <see cref="AudioKey"/>, then one numbered continuation per successor. Null when there is only one.
    /// </summary>
    public IReadOnlyList<string>? AudioKeys { get; init; }
    public required double DurationSeconds { get; init; }
    public required int WordCount { get; init; }
    public required int SegmentCount { get; init; }
    public required long LastSequence { get; init; }

    /// <summary>Why the session ended (e.g. <c>ended by speaker</c>, <c>idle timeout</c>).</summary>
    public string? Reason { get; init; }
    public required long Epoch { get; init; }

    /// <summary>
    /// The open segment's latest partial, written at most every <c>Sessions:PartialPersistInterval</c>, so a crash or a
    /// takeover keeps what the speaker already saw; null once it became final.
    /// </summary>
    public TranscriptSegment? Partial { get; init; }

    /// <summary>Set while the session is in progress: how a successor continues it.</summary>
    public SessionResumeState? Resume { get; init; }
}
