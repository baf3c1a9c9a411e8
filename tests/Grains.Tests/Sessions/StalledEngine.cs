using LiveTranscription.Grains.Engines;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace LiveTranscription.Grains.Tests.Sessions;

/// <summary>A test-only engine whose thread does not consume audio until released: an engine that fell behind.</summary>
internal sealed class StalledEngine(IOptions<EngineOptions> options) : ISpeechEngine
{
    public const string Name = "stalled";

    private readonly ManualResetEventSlim _gate = new(false);

    string ISpeechEngine.Name => Name;

    public static void Register(IServiceCollection services) => services.AddSingleton<ISpeechEngine, StalledEngine>();

    public static void Release(SessionHarness h) => ((StalledEngine)h.Engine(Name))._gate.Set();

    public bool SupportsLanguage(string languageCode) => true;

    public async Task<IEngineStream> StartStreamAsync(EngineStreamOptions stream, IEngineResultSink sink, CancellationToken cancellationToken)
    {
        var s = new Stream(_gate, options.Value.MaxBufferedAudio, sink);
        await s.StartAsync(cancellationToken);
        return s;
    }

    private sealed class Stream(ManualResetEventSlim gate, TimeSpan maxBuffered, IEngineResultSink sink)
        : ThreadedEngineStream("stalled", 16000, maxBuffered, sink)
    {
        protected override void Initialize()
        {
        }

        protected override void Process(ReadOnlySpan<short> samples) => gate.Wait();

        protected override void FinishUtterance()
        {
        }

        protected override void Release()
        {
        }
    }
}
