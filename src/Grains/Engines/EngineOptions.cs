namespace LiveTranscription.Grains.Engines;

/// <summary>Engine selection (section <c>Engines</c>).</summary>
public sealed class EngineOptions
{
    public const string SectionName = "Engines";

    /// <summary>Engine used when a session does not name one. Embedded mode: <c>offline</c>.</summary>
    public string Default { get; set; } = "offline";

    /// <summary>Audio an engine stream may hold unprocessed; beyond it chunks get <c>BUFFER_OVERFLOW</c>.</summary>
    public TimeSpan MaxBufferedAudio { get; set; } = TimeSpan.FromSeconds(10);
}
