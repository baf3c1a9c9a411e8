namespace LiveTranscription.Grains.Audio.Opus;

/// <summary>Facts of the Opus format (RFC 6716) the service relies on.</summary>
public static class OpusFormat
{
    /// <summary>Opus timestamps (and Ogg granule positions) count 48 kHz samples whatever the coded rate.</summary>
    public const int GranuleRate = 48000;

    /// <summary>The protocol's packet duration: 20 ms, 960 samples at 48 kHz.</summary>
    public const int PacketSamples48k = 960;

    /// <summary>
    /// libopus' algorithmic delay for the VOIP/AUDIO applications at any rate, in 48 kHz samples (6.5 ms).
    /// Browsers' WebCodecs encoders are libopus and have exactly this; it is the archive's pre-skip.
    /// </summary>
    public const int LibopusPreSkip = 312;

    public static bool IsSupportedRate(int sampleRate) => sampleRate is 8000 or 12000 or 16000 or 24000 or 48000;
}
