namespace LiveTranscription.Grains.Audio;

/// <summary>Checks one PCM16 chunk against the protocol's limits. Returns null when valid, else the reason.</summary>
public static class AudioChunkValidator
{
    public static string? Validate(int byteCount, AudioFormat format, AudioLimits limits)
    {
        if (byteCount == 0)
        {
            return "Audio chunk is empty.";
        }

        if (byteCount % AudioFormat.BytesPerSample != 0)
        {
            return $"Audio chunk has an odd byte count ({byteCount}); pcm16 needs 2 bytes per sample.";
        }

        if (byteCount > limits.MaxChunkBytes)
        {
            return $"Audio chunk of {byteCount} bytes exceeds the {limits.MaxChunkBytes}-byte limit.";
        }

        var duration = format.DurationOf(byteCount);
        if (duration < limits.MinChunkDuration)
        {
            return $"Audio chunk of {duration.TotalMilliseconds:0.#} ms is shorter than {limits.MinChunkDuration.TotalMilliseconds:0} ms at {format.SampleRate} Hz.";
        }

        if (duration > limits.MaxChunkDuration)
        {
            return $"Audio chunk of {duration.TotalMilliseconds:0.#} ms is longer than {limits.MaxChunkDuration.TotalMilliseconds:0} ms at {format.SampleRate} Hz.";
        }

        return null;
    }
}
