namespace LiveTranscription.Grains.Engines.PocketSphinx;

/// <summary>The offline engine (section <c>Engines:Offline</c>). Defaults match Debian's pocketsphinx-en-us.</summary>
public sealed class PocketSphinxOptions
{
    public const string SectionName = "Engines:Offline";

    /// <summary>Register the offline engine at all.</summary>
    public bool Enabled { get; set; } = true;

    public string ModelDirectory { get; set; } = "/usr/share/pocketsphinx/model/en-us";

    /// <summary>Acoustic model directory, relative to <see cref="ModelDirectory"/> or absolute.</summary>
    public string AcousticModel { get; set; } = "en-us";

    public string LanguageModel { get; set; } = "en-us.lm.bin";

    public string Dictionary { get; set; } = "cmudict-en-us.dict";

    /// <summary>Audio between two partial hypotheses while speech goes on.</summary>
    public TimeSpan PartialInterval { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>
    /// Silence that ends an utterance (its hypothesis becomes final): PocketSphinx's <c>-vad_postspeech</c>.
    /// Shorter gives finals sooner; too short splits sentences at natural pauses. PocketSphinx's own
    /// default is 0.5 s; 0.3 s measured faster and as accurate on dictation (docs/benchmarks.md).
    /// </summary>
    public TimeSpan EndOfSpeechSilence { get; set; } = TimeSpan.FromMilliseconds(300);

    /// <summary>Languages the model covers.</summary>
    public string[] Languages { get; set; } = ["en-US"];

    /// <summary>Extra decoder arguments, e.g. <c>["-vad_postspeech", "40"]</c>.</summary>
    public string[] ExtraArguments { get; set; } = [];

    internal string PathOf(string file) => Path.IsPathRooted(file) ? file : Path.Combine(ModelDirectory, file);

    internal IReadOnlyList<string> DecoderArguments() =>
    [
        "-hmm", PathOf(AcousticModel),
        "-lm", PathOf(LanguageModel),
        "-dict", PathOf(Dictionary),
        "-vad_postspeech", ((int)Math.Round(EndOfSpeechSilence.TotalSeconds * PocketSphinxDecoder.FramesPerSecond)).ToString(System.Globalization.CultureInfo.InvariantCulture),
        .. ExtraArguments,
    ];
}
