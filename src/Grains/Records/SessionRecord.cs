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
    public string? AudioKey { get; init; }
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
}
