using Microsoft.Extensions.Options;

namespace LiveTranscription.Grains.Engines.PocketSphinx;

/// <summary>The <c>offline</c> engine: Debian's PocketSphinx, one decoder per session on its own thread.</summary>
internal sealed class PocketSphinxEngine(IOptions<PocketSphinxOptions> options, IOptions<EngineOptions> engineOptions) : ISpeechEngine
{
    public const string EngineName = "offline";

    public string Name => EngineName;

    public bool SupportsLanguage(string languageCode)
        => options.Value.Languages.Contains(languageCode, StringComparer.OrdinalIgnoreCase);

    public Task<IEngineStream> StartStreamAsync(EngineStreamOptions stream, IEngineResultSink sink, CancellationToken cancellationToken)
        => ThreadedEngineStream.StartOrDisposeAsync(new PocketSphinxStream(options.Value, stream, engineOptions.Value.MaxBufferedAudio, sink), cancellationToken);
}
