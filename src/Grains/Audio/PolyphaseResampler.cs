namespace LiveTranscription.Grains.Audio;

/// <summary>
/// Streaming rational resampler (polyphase windowed-sinc FIR, Kaiser window, ≈ 80 dB stop band).
/// Keeps its filter history between calls, so feeding a signal in chunks gives exactly the same
/// output as feeding it at once. 8 kHz → 16 kHz interpolates by 2; 48 kHz → 16 kHz decimates by 3.
/// Memory is constant: the history is one filter length.
/// </summary>
public sealed class PolyphaseResampler
{
    private const int TotalTaps = 96;
    private const double KaiserBeta = 8.0;

    private readonly int _up;      // L
    private readonly int _down;    // M
    private readonly int _tapsPerPhase;
    private readonly float[][] _phases;
    private readonly float[] _history; // last (_tapsPerPhase - 1) inputs, oldest first
    private long _inputCount;
    private long _outputCount;

    public PolyphaseResampler(int inputRate, int outputRate)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(inputRate);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(outputRate);
        InputRate = inputRate;
        OutputRate = outputRate;
        var g = Gcd(inputRate, outputRate);
        _up = outputRate / g;
        _down = inputRate / g;
        _tapsPerPhase = Math.Max(1, (TotalTaps + _up - 1) / _up);
        _phases = IsPassthrough ? [] : DesignPhases(inputRate, outputRate, _up, _tapsPerPhase);
        _history = new float[Math.Max(0, _tapsPerPhase - 1)];
    }

    public int InputRate { get; }

    public int OutputRate { get; }

    public bool IsPassthrough => _up == _down;

    /// <summary>Upper bound of output samples for <paramref name="inputSamples"/> more input.</summary>
    public int MaxOutputFor(int inputSamples) => (int)(((long)inputSamples * _up / _down) + 2);

    /// <summary>Resamples <paramref name="input"/> and appends to <paramref name="output"/>; returns samples written.</summary>
    public int Process(ReadOnlySpan<short> input, Span<short> output)
    {
        if (IsPassthrough)
        {
            input.CopyTo(output);
            return input.Length;
        }

        var hist = _history.Length;
        var work = new float[hist + input.Length];
        _history.CopyTo(work, 0);
        for (var i = 0; i < input.Length; i++)
        {
            work[hist + i] = input[i];
        }

        var firstInput = _inputCount - hist; // global index of work[0]
        _inputCount += input.Length;
        var written = 0;
        while (true)
        {
            var t = _outputCount * _down;
            var n = t / _up;             // newest input sample this output depends on
            if (n >= _inputCount)
            {
                break;
            }

            var phase = _phases[(int)(t % _up)];
            var newest = (int)(n - firstInput);
            double acc = 0;
            for (var j = 0; j < phase.Length; j++)
            {
                var idx = newest - j;
                if (idx < 0)
                {
                    break; // before the stream started: zeros
                }

                acc += phase[j] * work[idx];
            }

            output[written++] = (short)Math.Clamp(Math.Round(acc), short.MinValue, short.MaxValue);
            _outputCount++;
        }

        if (hist > 0)
        {
            var keep = Math.Min(hist, work.Length);
            Array.Copy(work, work.Length - keep, _history, hist - keep, keep);
        }

        return written;
    }

    /// <summary>Convenience: resamples a whole buffer.</summary>
    public short[] Process(ReadOnlySpan<short> input)
    {
        var output = new short[MaxOutputFor(input.Length)];
        var n = Process(input, output);
        return output[..n];
    }

    private static float[][] DesignPhases(int inputRate, int outputRate, int up, int tapsPerPhase)
    {
        var taps = up * tapsPerPhase;
        var cutoff = 0.45 * Math.Min(inputRate, outputRate) / ((double)inputRate * up); // cycles per upsampled sample
        var center = (taps - 1) / 2.0;
        var i0Beta = BesselI0(KaiserBeta);
        var h = new double[taps];
        for (var i = 0; i < taps; i++)
        {
            var x = i - center;
            var sinc = x == 0 ? 2 * cutoff : Math.Sin(2 * Math.PI * cutoff * x) / (Math.PI * x);
            var r = (2.0 * i / (taps - 1)) - 1;
            var window = BesselI0(KaiserBeta * Math.Sqrt(Math.Max(0, 1 - (r * r)))) / i0Beta;
            h[i] = sinc * window * up; // gain L restores amplitude after zero-stuffing
        }

        var phases = new float[up][];
        for (var p = 0; p < up; p++)
        {
            phases[p] = new float[tapsPerPhase];
            for (var j = 0; j < tapsPerPhase; j++)
            {
                phases[p][j] = (float)h[p + (j * up)];
            }
        }

        return phases;
    }

    private static double BesselI0(double x)
    {
        double sum = 1, term = 1;
        for (var k = 1; k < 50; k++)
        {
            term *= x / (2 * k) * (x / (2 * k));
            sum += term;
            if (term < 1e-12 * sum)
            {
                break;
            }
        }

        return sum;
    }

    private static int Gcd(int a, int b) => b == 0 ? a : Gcd(b, a % b);
}
