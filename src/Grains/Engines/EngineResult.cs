namespace LiveTranscription.Grains.Engines;

/// <summary>
/// A partial or final hypothesis for one utterance of an engine stream.
/// <see cref="SegmentKey"/> is stable within the stream (same key: same utterance).
/// Times are from the start of the stream's audio.
/// </summary>
public sealed record EngineResult(string SegmentKey, bool IsFinal, string Text, TimeSpan Start, TimeSpan End, double Confidence, string? Speaker = null);
