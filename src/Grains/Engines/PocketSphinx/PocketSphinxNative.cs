using System.Runtime.InteropServices;

namespace LiveTranscription.Grains.Engines.PocketSphinx;

/// <summary>
/// P/Invoke surface of Debian's PocketSphinx 0.8 (5prealpha): libpocketsphinx.so.3 and libsphinxbase.so.3.
/// Only the calls the engine uses. Each decoder is used by one thread only.
/// </summary>
internal static partial class PocketSphinxNative
{
    public const string PocketSphinx = "libpocketsphinx.so.3";
    public const string SphinxBase = "libsphinxbase.so.3";

    [LibraryImport(PocketSphinx)]
    public static partial nint ps_args();

    [LibraryImport(SphinxBase)]
    public static partial nint cmd_ln_parse_r(nint inoutCmdln, nint defn, int argc, nint argv, int strict);

    [LibraryImport(SphinxBase)]
    public static partial int cmd_ln_free_r(nint cmdln);

    [LibraryImport(SphinxBase)]
    public static partial nint err_set_logfp(nint stream);

    [LibraryImport(SphinxBase)]
    public static partial double logmath_exp(nint logmath, int logbP);

    [LibraryImport(PocketSphinx)]
    public static partial nint ps_init(nint config);

    [LibraryImport(PocketSphinx)]
    public static partial int ps_free(nint ps);

    [LibraryImport(PocketSphinx)]
    public static partial nint ps_get_logmath(nint ps);

    [LibraryImport(PocketSphinx)]
    public static partial int ps_start_stream(nint ps);

    [LibraryImport(PocketSphinx)]
    public static partial int ps_start_utt(nint ps);

    [LibraryImport(PocketSphinx)]
    public static unsafe partial int ps_process_raw(nint ps, short* data, nuint nSamples, int noSearch, int fullUtt);

    [LibraryImport(PocketSphinx)]
    public static partial int ps_end_utt(nint ps);

    [LibraryImport(PocketSphinx)]
    public static partial byte ps_get_in_speech(nint ps);

    [LibraryImport(PocketSphinx)]
    public static partial nint ps_get_hyp(nint ps, out int bestScore);

    [LibraryImport(PocketSphinx)]
    public static partial nint ps_seg_iter(nint ps);

    [LibraryImport(PocketSphinx)]
    public static partial nint ps_seg_next(nint seg);

    [LibraryImport(PocketSphinx)]
    public static partial nint ps_seg_word(nint seg);

    [LibraryImport(PocketSphinx)]
    public static partial void ps_seg_frames(nint seg, out int startFrame, out int endFrame);

    [LibraryImport(PocketSphinx)]
    public static partial int ps_seg_prob(nint seg, out int acousticScore, out int languageScore, out int languageBackoff);

    [LibraryImport(PocketSphinx)]
    public static partial void ps_seg_free(nint seg);

    private static int _logSilenced;

    /// <summary>
    /// Silences sphinxbase's global logger (it writes to stderr per utterance otherwise). The logger is
    /// process-wide native state, so this runs once per process, before the first decoder.
    /// </summary>
    public static void SilenceLogOnce()
    {
        if (Interlocked.Exchange(ref _logSilenced, 1) == 0)
        {
            err_set_logfp(0);
        }
    }
}
