using LiveTranscription.Grains.Audio;

namespace LiveTranscription.Grains.Tests.Audio;

public sealed class AudioChunkValidatorTests
{
    private static readonly AudioLimits Limits = new();

    [Theory]
    [InlineData(16000, 3200)]   // 100 ms
    [InlineData(16000, 640)]    // 20 ms
    [InlineData(16000, 32000)]  // 1 s
    [InlineData(8000, 16000)]   // 1 s
    [InlineData(48000, 32768)]  // 341 ms: the byte limit, not the duration, bounds 48 kHz chunks
    public void ValidChunks_Pass(int rate, int bytes) => Assert.Null(AudioChunkValidator.Validate(bytes, new AudioFormat(rate), Limits));

    [Theory]
    [InlineData(16000, 0, "empty")]
    [InlineData(16000, 3201, "odd byte count")]
    [InlineData(48000, 32770, "exceeds the 32768-byte limit")]
    [InlineData(16000, 638, "shorter than 20 ms")]
    [InlineData(8000, 16002, "longer than 1000 ms")]
    public void InvalidChunks_SayWhy(int rate, int bytes, string reason)
        => Assert.Contains(reason, AudioChunkValidator.Validate(bytes, new AudioFormat(rate), Limits));

    [Theory]
    [InlineData(0, -1, SequenceCheck.Next)]
    [InlineData(5, 4, SequenceCheck.Next)]
    [InlineData(4, 4, SequenceCheck.Replay)]
    [InlineData(0, 4, SequenceCheck.Replay)]
    [InlineData(6, 4, SequenceCheck.Gap)]
    [InlineData(1, -1, SequenceCheck.Gap)]
    public void Sequences_AreClassified(long sequence, long lastAccepted, SequenceCheck expected)
        => Assert.Equal(expected, AudioSequence.Classify(sequence, lastAccepted));
}
