using Microsoft.Extensions.Options;

namespace LiveTranscription.Grains.Engines.Synthetic;

/// <summary>The <c>synthetic</c> engine: deterministic fake words. For load and protocol tests; never a default.</summary>
internal sealed class SyntheticEngine(IOptions<SyntheticEngineOptions> options, IOptions<EngineOptions> engineOptions) : ISpeechEngine
{
    public const string EngineName = "synthetic";

    public string Name => EngineName;

    public bool SupportsLanguage(string languageCode) => true;

    public async Task<IEngineStream> StartStreamAsync(EngineStreamOptions stream, IEngineResultSink sink, CancellationToken cancellationToken)
    {
        var engineStream = new SyntheticStream(options.Value, stream, engineOptions.Value.MaxBufferedAudio, sink);
        await engineStream.StartAsync(cancellationToken).ConfigureAwait(false);
        return engineStream;
    }
}
