namespace LiveTranscription.Grains.Engines.Synthetic;

/// <summary>The synthetic engine (section <c>Engines:Synthetic</c>). For load and protocol tests only.</summary>
public sealed class SyntheticEngineOptions
{
    public const string SectionName = "Engines:Synthetic";

    /// <summary>Register the synthetic engine. Off unless configured: it is never a silent default.</summary>
    public bool Enabled { get; set; }

    /// <summary>Audio per word.</summary>
    public TimeSpan WordLength { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Words per utterance; the utterance becomes final after them.</summary>
    public int WordsPerUtterance { get; set; } = 4;

    /// <summary>Blocks quieter than this RMS (of 32767) produce no word.</summary>
    public double SilenceRms { get; set; } = 100;
}
