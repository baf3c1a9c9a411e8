using System.Runtime.InteropServices;

namespace LiveTranscription.Grains.Engines.PocketSphinx;

/// <summary>
/// One PocketSphinx decoder (≈ 90 MiB, ≈ 0.25 s to create). Not thread-safe: created, used and freed
/// by the engine stream's dedicated thread. Segment times are stream-wide (<c>ps_start_stream</c>).
/// </summary>
internal sealed class PocketSphinxDecoder : IDisposable
{
    /// <summary>PocketSphinx's default frame rate.</summary>
    public const int FramesPerSecond = 100;

    private readonly nint[] _argv;
    private readonly nint _argvBlock;
    private readonly nint _config;
    private readonly nint _ps;
    private readonly nint _logmath;
    private bool _disposed;

    public PocketSphinxDecoder(IReadOnlyList<string> arguments)
    {
        PocketSphinxNative.SilenceLogOnce();

        // cmd_ln keeps pointers into argv: the strings must outlive the decoder.
        _argv = [.. arguments.Select(a => Marshal.StringToHGlobalAnsi(a))];
        _argvBlock = Marshal.AllocHGlobal(nint.Size * _argv.Length);
        Marshal.Copy(_argv, 0, _argvBlock, _argv.Length);
        try
        {
            _config = PocketSphinxNative.cmd_ln_parse_r(0, PocketSphinxNative.ps_args(), _argv.Length, _argvBlock, 1);
            if (_config == 0)
            {
                throw new InvalidOperationException("PocketSphinx rejected its configuration: " + string.Join(' ', arguments));
            }

            _ps = PocketSphinxNative.ps_init(_config);
            if (_ps == 0)
            {
                throw new InvalidOperationException("PocketSphinx could not load its model (" + string.Join(' ', arguments) + ").");
            }

            _logmath = PocketSphinxNative.ps_get_logmath(_ps);
            Check(PocketSphinxNative.ps_start_stream(_ps), "ps_start_stream");
            Check(PocketSphinxNative.ps_start_utt(_ps), "ps_start_utt");
        }
        catch
        {
            FreeNative();
            throw;
        }
    }

    /// <summary>Feeds 16 kHz samples; returns whether the voice activity detector is in speech.</summary>
    public unsafe bool Process(ReadOnlySpan<short> samples)
    {
        fixed (short* p = samples)
        {
            Check(PocketSphinxNative.ps_process_raw(_ps, p, (nuint)samples.Length, 0, 0), "ps_process_raw");
        }

        return PocketSphinxNative.ps_get_in_speech(_ps) != 0;
    }

    /// <summary>The current best hypothesis (partial during an utterance, final after <see cref="EndUtterance"/>).</summary>
    public string Hypothesis()
    {
        var hyp = PocketSphinxNative.ps_get_hyp(_ps, out _);
        return hyp == 0 ? string.Empty : Marshal.PtrToStringAnsi(hyp) ?? string.Empty;
    }

    /// <summary>The words of the current hypothesis without fillers (silence, noise, sentence marks).</summary>
    public List<RecognizedWord> Words()
    {
        var words = new List<RecognizedWord>();
        for (var seg = PocketSphinxNative.ps_seg_iter(_ps); seg != 0; seg = PocketSphinxNative.ps_seg_next(seg))
        {
            var word = Marshal.PtrToStringAnsi(PocketSphinxNative.ps_seg_word(seg)) ?? string.Empty;
            if (IsFiller(word))
            {
                continue;
            }

            PocketSphinxNative.ps_seg_frames(seg, out var start, out var end);
            var posterior = PocketSphinxNative.logmath_exp(_logmath, PocketSphinxNative.ps_seg_prob(seg, out _, out _, out _));
            words.Add(new RecognizedWord(StripAlternate(word), start, end, Math.Clamp(posterior, 0, 1)));
        }

        return words;
    }

    /// <summary>Ends the utterance (the hypothesis becomes final) and starts the next one.</summary>
    public void EndUtterance() => Check(PocketSphinxNative.ps_end_utt(_ps), "ps_end_utt");

    /// <summary>Starts the next utterance after <see cref="EndUtterance"/>.</summary>
    public void StartUtterance() => Check(PocketSphinxNative.ps_start_utt(_ps), "ps_start_utt");

    private static bool IsFiller(string word) => word.Length == 0 || word[0] is '<' or '[' or '+';

    // "read(2)" is the second pronunciation of "read".
    private static string StripAlternate(string word)
    {
        var paren = word.IndexOf('(', StringComparison.Ordinal);
        return paren > 0 ? word[..paren] : word;
    }

    private static void Check(int rc, string call)
    {
        if (rc < 0)
        {
            throw new InvalidOperationException($"PocketSphinx {call} failed ({rc}).");
        }
    }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        FreeNative();
    }

    private void FreeNative()
    {
        if (_ps != 0)
        {
            _ = PocketSphinxNative.ps_free(_ps); // also releases the config it was given; returns a refcount
        }
        else if (_config != 0)
        {
            _ = PocketSphinxNative.cmd_ln_free_r(_config);
        }

        foreach (var a in _argv)
        {
            Marshal.FreeHGlobal(a);
        }

        Marshal.FreeHGlobal(_argvBlock);
    }
}
