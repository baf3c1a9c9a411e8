using LiveTranscription.Grains.Audio;
using LiveTranscription.TestKit;

namespace LiveTranscription.Grains.Tests.Audio;

public sealed class PolyphaseResamplerTests
{
    [Theory]
    [InlineData(48000, 16000, 1000)]
    [InlineData(8000, 16000, 1000)]
    [InlineData(8000, 16000, 3000)]
    [InlineData(48000, 16000, 6000)]
    public void InBandTone_KeepsItsFrequencyAndLevel(int inputRate, int outputRate, double frequency)
    {
        var input = TestAudio.Sine(inputRate, inputRate, frequency);
        var output = new PolyphaseResampler(inputRate, outputRate).Process(input);

        Assert.InRange(output.Length, outputRate - 2, outputRate + 2);
        var steady = output[200..^200];
        Assert.InRange(Rms(steady) / Rms(input), 0.95, 1.05);
        Assert.InRange(Goertzel(steady, outputRate, frequency) / Rms(steady), 0.9, 1.1);
    }

    [Fact]
    public void Decimation_SuppressesToneAboveTheNewNyquist()
    {
        // 10 kHz cannot exist at 16 kHz: without the filter it would alias to 6 kHz.
        var output = new PolyphaseResampler(48000, 16000).Process(TestAudio.Sine(48000, 48000, 10000));
        Assert.True(Rms(output[200..^200]) < 10000 * 0.01, $"alias level {Rms(output[200..^200])}");
    }

    [Fact]
    public void Interpolation_SuppressesTheImage()
    {
        // Doubling 8 kHz audio mirrors a 1 kHz tone to 7 kHz unless filtered.
        var output = new PolyphaseResampler(8000, 16000).Process(TestAudio.Sine(8000, 8000, 1000));
        var steady = output[200..^200];
        Assert.True(Goertzel(steady, 16000, 7000) < 0.01 * Goertzel(steady, 16000, 1000));
    }

    [Theory]
    [InlineData(48000)]
    [InlineData(8000)]
    public void ChunkedInput_GivesExactlyTheOneShotOutput(int inputRate)
    {
        var input = TestAudio.Sine(inputRate, inputRate / 2, 700);
        var oneShot = new PolyphaseResampler(inputRate, 16000).Process(input);

        var chunked = new PolyphaseResampler(inputRate, 16000);
        var random = new Random(7);
        var output = new List<short>();
        for (var i = 0; i < input.Length;)
        {
            var n = Math.Min(input.Length - i, random.Next(1, 2000));
            output.AddRange(chunked.Process(input.AsSpan(i, n)));
            i += n;
        }

        Assert.Equal(oneShot, output);
    }

    [Fact]
    public void SameRate_IsPassthrough()
    {
        var input = TestAudio.Sine(16000, 1600, 440);
        Assert.Equal(input, new PolyphaseResampler(16000, 16000).Process(input));
    }

    private static double Rms(short[] x) => Math.Sqrt(x.Average(s => (double)s * s));

    // Amplitude (RMS) of one frequency component.
    private static double Goertzel(short[] x, int rate, double frequency)
    {
        var w = 2 * Math.PI * frequency / rate;
        double re = 0, im = 0;
        for (var i = 0; i < x.Length; i++)
        {
            re += x[i] * Math.Cos(w * i);
            im -= x[i] * Math.Sin(w * i);
        }

        return Math.Sqrt((re * re) + (im * im)) / x.Length * Math.Sqrt(2);
    }
}
