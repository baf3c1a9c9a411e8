namespace LiveTranscription.Grains.Records;

/// <summary>One stored final. Times in seconds from the start of the session's audio.</summary>
public sealed record TranscriptSegment(long SegmentId, string Text, double StartTime, double EndTime, double Confidence, DateTimeOffset CreatedAt);
