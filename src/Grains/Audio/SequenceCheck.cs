namespace LiveTranscription.Grains.Audio;

/// <summary>How an incoming chunk's sequence number relates to what was accepted.</summary>
public enum SequenceCheck
{
    /// <summary>The next expected chunk.</summary>
    Next,

    /// <summary>Already accepted: acknowledge again and ignore.</summary>
    Replay,

    /// <summary>Chunks are missing before it: reject, the client resends from the expected one.</summary>
    Gap,
}

/// <summary>Sequence arithmetic of the audio stream: chunks 0, 1, 2, … accepted contiguously.</summary>
public static class AudioSequence
{
    /// <summary>Classifies <paramref name="sequence"/> given the highest contiguous accepted one (-1 if none).</summary>
    public static SequenceCheck Classify(long sequence, long lastAccepted)
        => sequence <= lastAccepted ? SequenceCheck.Replay
            : sequence == lastAccepted + 1 ? SequenceCheck.Next
            : SequenceCheck.Gap;
}
