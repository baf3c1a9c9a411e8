namespace LiveTranscription.Grains.Engines;

/// <summary>A speech engine that opens streaming recognitions.</summary>
public interface ISpeechEngine
{
    /// <summary>Name used in <c>StartSession.engine</c> and configuration.</summary>
    string Name { get; }

    /// <summary>Whether the engine can transcribe <paramref name="languageCode"/>.</summary>
    bool SupportsLanguage(string languageCode);

    /// <summary>Null when the engine takes a session at <paramref name="sampleRate"/>, else why not (checked at start).</summary>
    string? CheckSampleRate(int sampleRate) => null;

    /// <summary>Opens a stream. Expensive setup (model loading) happens off the caller's thread.</summary>
    Task<IEngineStream> StartStreamAsync(EngineStreamOptions options, IEngineResultSink sink, CancellationToken cancellationToken);
}
