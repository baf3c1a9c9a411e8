namespace LiveTranscription.Grains.Engines.PocketSphinx;

/// <summary>
/// A session's offline recognition. Utterances follow PocketSphinx's voice activity detector: speech
/// starts an utterance, <see cref="PocketSphinxOptions.EndOfSpeechSilence"/> of silence ends it (the hypothesis becomes final). Partials are
/// re-computed every <see cref="PocketSphinxOptions.PartialInterval"/> of speech and sent when they change.
/// </summary>
internal sealed class PocketSphinxStream(PocketSphinxOptions options, EngineStreamOptions stream, TimeSpan maxBufferedAudio, IEngineResultSink sink)
    : ThreadedEngineStream($"ps-{stream.SessionId[..Math.Min(8, stream.SessionId.Length)]}", SampleRateHz, maxBufferedAudio, sink)
{
    public const int SampleRateHz = 16000;

    private readonly int _partialIntervalSamples = (int)(options.PartialInterval.TotalSeconds * SampleRateHz);
    private PocketSphinxDecoder? _decoder;
    private bool _inUtterance;
    private int _utterance;
    private int _samplesSincePartial;
    private string _lastPartial = string.Empty;

    protected override void Initialize() => _decoder = new PocketSphinxDecoder(options.DecoderArguments());

    protected override void Process(ReadOnlySpan<short> samples)
    {
        var decoder = _decoder!;
        var speech = decoder.Process(samples);
        if (speech)
        {
            if (!_inUtterance)
            {
                _inUtterance = true;
                _samplesSincePartial = _partialIntervalSamples; // first partial as soon as possible
            }

            _samplesSincePartial += samples.Length;
            if (_samplesSincePartial >= _partialIntervalSamples)
            {
                _samplesSincePartial = 0;
                EmitPartial(decoder);
            }
        }
        else if (_inUtterance)
        {
            EmitFinal(decoder);
        }
    }

    protected override void FinishUtterance()
    {
        if (_inUtterance)
        {
            EmitFinal(_decoder!);
        }
    }

    protected override void Release() => _decoder?.Dispose();

    private void EmitPartial(PocketSphinxDecoder decoder)
    {
        var words = decoder.Words();
        var text = string.Join(' ', words.Select(w => w.Word));
        if (text.Length == 0 || text == _lastPartial)
        {
            return;
        }

        _lastPartial = text;
        // PocketSphinx computes posteriors only for finals: partials carry confidence 0 (unknown).
        Emit(new EngineResult(Key, false, text, Time(words[0].StartFrame), Time(words[^1].EndFrame + 1), 0));
    }

    private void EmitFinal(PocketSphinxDecoder decoder)
    {
        decoder.EndUtterance();
        var words = decoder.Words();
        var text = string.Join(' ', words.Select(w => w.Word));
        var result = words.Count == 0
            ? new EngineResult(Key, true, string.Empty, TimeSpan.Zero, TimeSpan.Zero, 0)
            : new EngineResult(Key, true, text, Time(words[0].StartFrame), Time(words[^1].EndFrame + 1), words.Average(w => w.Posterior));
        decoder.StartUtterance();
        _inUtterance = false;
        _lastPartial = string.Empty;
        _utterance++;
        Emit(result);
    }

    private string Key => "u" + _utterance.ToString(System.Globalization.CultureInfo.InvariantCulture);

    private static TimeSpan Time(int frame) => TimeSpan.FromSeconds((double)frame / PocketSphinxDecoder.FramesPerSecond);
}
