namespace LiveTranscription.Grains.Engines.Synthetic;

/// <summary>
/// Deterministic fake recognition: every <see cref="SyntheticEngineOptions.WordLength"/> of audio that is
/// not silent becomes a word naming a hash of its samples (<c>w3fa9c1</c>), so a transcript proves which
/// audio reached the engine, in which order. A partial follows each word; a final every
/// <see cref="SyntheticEngineOptions.WordsPerUtterance"/> blocks.
/// </summary>
internal sealed class SyntheticStream(SyntheticEngineOptions options, EngineStreamOptions stream, TimeSpan maxBufferedAudio, IEngineResultSink sink)
    : ThreadedEngineStream($"syn-{stream.SessionId[..Math.Min(8, stream.SessionId.Length)]}", SampleRateHz, maxBufferedAudio, sink)
{
    public const int SampleRateHz = 16000;

    private readonly int _blockSamples = Math.Max(1, (int)(options.WordLength.TotalSeconds * SampleRateHz));
    private readonly List<string> _words = [];
    private short[] _block = [];
    private int _filled;
    private long _position;          // samples processed
    private long _utteranceStart = -1;
    private long _utteranceEnd;
    private int _blocksInUtterance;
    private int _utterance;

    protected override void Initialize() => _block = new short[_blockSamples];

    protected override void Process(ReadOnlySpan<short> samples)
    {
        while (!samples.IsEmpty)
        {
            var n = Math.Min(samples.Length, _blockSamples - _filled);
            samples[..n].CopyTo(_block.AsSpan(_filled));
            _filled += n;
            samples = samples[n..];
            if (_filled == _blockSamples)
            {
                CompleteBlock();
            }
        }
    }

    protected override void FinishUtterance()
    {
        if (_filled > 0)
        {
            CompleteBlock();
        }

        EmitFinal();
    }

    protected override void Release()
    {
    }

    private void CompleteBlock()
    {
        var block = _block.AsSpan(0, _filled);
        var start = _position;
        _position += _filled;
        _filled = 0;
        _blocksInUtterance++;
        if (Rms(block) >= options.SilenceRms)
        {
            if (_utteranceStart < 0)
            {
                _utteranceStart = start;
            }

            _utteranceEnd = _position;
            _words.Add(Word(block));
            Emit(new EngineResult(Key, false, string.Join(' ', _words), Time(_utteranceStart), Time(_utteranceEnd), 0));
        }

        if (_blocksInUtterance >= options.WordsPerUtterance)
        {
            EmitFinal();
        }
    }

    private void EmitFinal()
    {
        if (_words.Count > 0)
        {
            Emit(new EngineResult(Key, true, string.Join(' ', _words), Time(_utteranceStart), Time(_utteranceEnd), 1));
            _utterance++;
        }

        _words.Clear();
        _utteranceStart = -1;
        _blocksInUtterance = 0;
    }

    private string Key => "s" + _utterance.ToString(System.Globalization.CultureInfo.InvariantCulture);

    private static TimeSpan Time(long samples) => TimeSpan.FromSeconds((double)samples / SampleRateHz);

    private static double Rms(ReadOnlySpan<short> block)
    {
        double sum = 0;
        foreach (var s in block)
        {
            sum += (double)s * s;
        }

        return Math.Sqrt(sum / Math.Max(1, block.Length));
    }

    // FNV-1a over the samples: a stable, content-derived word.
    private static string Word(ReadOnlySpan<short> block)
    {
        var hash = 2166136261u;
        foreach (var s in block)
        {
            hash = (hash ^ (byte)s) * 16777619u;
            hash = (hash ^ (byte)(s >> 8)) * 16777619u;
        }

        return "w" + (hash & 0xFFFFFF).ToString("x6", System.Globalization.CultureInfo.InvariantCulture);
    }
}
