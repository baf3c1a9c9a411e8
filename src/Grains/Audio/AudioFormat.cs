namespace LiveTranscription.Grains.Audio;

/// <summary>16-bit mono PCM at a sample rate.</summary>
public readonly record struct AudioFormat(int SampleRate)
{
    public const int BytesPerSample = 2;

    public int BytesPerSecond => SampleRate * BytesPerSample;

    public TimeSpan DurationOf(int byteCount) => TimeSpan.FromSeconds((double)byteCount / BytesPerSecond);
}
