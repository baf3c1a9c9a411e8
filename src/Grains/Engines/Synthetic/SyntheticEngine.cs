using Microsoft.Extensions.Options;

namespace LiveTranscription.Grains.Engines.Synthetic;

/// <summary>The <c>synthetic</c> engine: deterministic fake words. For load and protocol tests; never a default.</summary>
internal sealed class SyntheticEngine(IOptions<SyntheticEngineOptions> options, IOptions<EngineOptions> engineOptions) : ISpeechEngine
{
    public const string EngineName = "synthetic";

    public string Name => EngineName;

    public bool SupportsLanguage(string languageCode) => true;

    public Task<IEngineStream> StartStreamAsync(EngineStreamOptions stream, IEngineResultSink sink, CancellationToken cancellationToken)
        => ThreadedEngineStream.StartOrDisposeAsync(new SyntheticStream(options.Value, stream, engineOptions.Value.MaxBufferedAudio, sink), cancellationToken);
}
