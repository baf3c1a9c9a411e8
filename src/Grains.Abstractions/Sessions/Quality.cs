namespace LiveTranscription.Grains.Abstractions.Sessions;

/// <summary>The protocol's quality levels and their sample rates.</summary>
public static class Quality
{
    public const string Low = "low";
    public const string Medium = "medium";
    public const string High = "high";

    /// <summary>Sample rate for a quality name; null if the name is unknown.</summary>
    public static int? SampleRateOf(string quality) => quality switch
    {
        Low => 8000,
        Medium => 16000,
        High => 48000,
        _ => null,
    };
}
