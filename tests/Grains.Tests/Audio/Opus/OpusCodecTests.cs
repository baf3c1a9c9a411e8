using LiveTranscription.Grains.Audio.Opus;
using LiveTranscription.TestKit;

namespace LiveTranscription.Grains.Tests.Audio.Opus;

/// <summary>Round trips through the libopus P/Invoke layer.</summary>
public sealed class OpusCodecTests
{
    [Fact]
    public void TheLibrary_Loads_AndReportsItsVersion()
    {
        var version = OpusLibrary.TryGetVersion(out var error);

        Assert.Null(error);
        Assert.StartsWith("libopus", version);
    }

    [Fact]
    public void AMissingLibrary_IsReported_WithTheDebianPackageToInstall()
    {
        var version = OpusLibrary.TryGetVersion("libopus-missing.so.0", out var error);

        Assert.Null(version);
        Assert.Contains("install the Debian package 'libopus0'", error);
    }

    [Fact]
    public void StartupValidation_PassesWithTheLibrary_AndChecksTheArchiveSettings()
    {
        var validator = new LiveTranscription.Grains.Archive.ArchiveOptionsValidator();

        var ok = validator.Validate(null, new());
        var bad = validator.Validate(null, new() { OpusBitrate = 100, OpusComplexity = 11, PageDuration = TimeSpan.Zero });

        Assert.True(ok.Succeeded);
        Assert.Equal(3, bad.Failures!.Count());
    }

    [Theory]
    [InlineData(16000, 12000)]
    [InlineData(16000, 24000)]
    [InlineData(16000, 64000)]
    [InlineData(48000, 32000)]
    public void EncodeThenDecode_ReproducesTheSignal_AfterTheLookahead(int sampleRate, int bitrate)
    {
        var input = TestAudio.Sine(sampleRate, sampleRate, 440, amplitude: 8000);
        using var encoder = new OpusEncoder(sampleRate, bitrate, complexity: 5);

        var packets = OpusTestAudio.Encode(input, sampleRate, bitrate);
        var output = OpusTestAudio.Decode(packets, sampleRate);

        Assert.Equal(sampleRate * 104 / 16000, encoder.Lookahead); // 6.5 ms at any rate
        Assert.Equal(50, packets.Count);
        Assert.Equal(input.Length, output.Length);
        // Skip the encoder's warm-up (first 100 ms); the output lags by the look-ahead. Opus is perceptual, so
        // waveform SNR is modest (9–20 dB here); a misaligned or broken decode scores below 0 dB.
        var skip = sampleRate / 10;
        var snr = OpusTestAudio.Snr(input.AsSpan(skip, input.Length - skip - encoder.Lookahead), output.AsSpan(skip + encoder.Lookahead));
        Assert.True(snr > 6, $"SNR {snr:0.0} dB at {bitrate} bit/s");
        var bytesPerSecond = packets.Sum(p => p.Length);
        Assert.InRange(bytesPerSecond, bitrate / 8 / 2, bitrate / 8 * 3 / 2); // VBR stays near the target
    }

    [Fact]
    public void HigherBitrates_MakeLargerPackets()
    {
        var speech = TestAudio.Speech("the patient reports mild chest pain since yesterday");

        var sizes = new[] { 12000, 24000, 48000 }.Select(b => OpusTestAudio.Encode(speech, 16000, b).Sum(p => p.Length)).ToList();

        Assert.True(sizes[0] < sizes[1] && sizes[1] < sizes[2], string.Join(", ", sizes));
    }

    [Fact]
    public void Garbage_FailsToDecode_WithTheLibrarysError()
    {
        using var decoder = new OpusDecoder(16000);
        var pcm = new short[320];

        var error = Assert.Throws<OpusException>(() => decoder.Decode([0x03, 0x00], pcm)); // code 3 with zero frames

        Assert.Equal(-4, error.ErrorCode);
        Assert.Contains("corrupted", error.Message);
    }

    [Fact]
    public void UnsupportedRates_AreRefused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new OpusDecoder(44100));
        Assert.Throws<ArgumentOutOfRangeException>(() => new OpusEncoder(22050, 24000, 5));
    }
}
