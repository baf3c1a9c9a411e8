using LiveTranscription.Grains.Engines;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace LiveTranscription.Grains.Tests.Sessions;

/// <summary>A test-only engine that fails on command: at start, while decoding, or while flushing.</summary>
internal sealed class FaultyEngine(IOptions<EngineOptions> options) : ISpeechEngine
{
    public const string Name = "faulty";

    string ISpeechEngine.Name => Name;

    public int FailStarts { get; set; }

    public bool FailOnAudio { get; set; }

    public bool FailOnFlush { get; set; }

    public static void Register(IServiceCollection services) => services.AddSingleton<ISpeechEngine, FaultyEngine>();

    public static FaultyEngine Of(SessionHarness h) => (FaultyEngine)h.Engine(Name);

    public bool SupportsLanguage(string languageCode) => true;

    public async Task<IEngineStream> StartStreamAsync(EngineStreamOptions stream, IEngineResultSink sink, CancellationToken cancellationToken)
    {
        if (FailStarts > 0)
        {
            FailStarts--;
            throw new InvalidOperationException("engine unavailable (test)");
        }

        var s = new Stream(this, options.Value.MaxBufferedAudio, sink);
        await s.StartAsync(cancellationToken);
        return s;
    }

    private sealed class Stream(FaultyEngine engine, TimeSpan maxBuffered, IEngineResultSink sink)
        : ThreadedEngineStream("faulty", 16000, maxBuffered, sink)
    {
        private int _samples;

        protected override void Initialize()
        {
        }

        protected override void Process(ReadOnlySpan<short> samples)
        {
            _samples += samples.Length;
            Emit(new EngineResult("u0", false, "words", TimeSpan.Zero, TimeSpan.FromSeconds(_samples / 16000.0), 0));
            if (engine.FailOnAudio)
            {
                throw new InvalidOperationException("decoder crashed (test)");
            }
        }

        protected override void FinishUtterance()
        {
            if (engine.FailOnFlush)
            {
                throw new InvalidOperationException("decoder crashed while flushing (test)");
            }

            Emit(new EngineResult("u0", true, "words", TimeSpan.Zero, TimeSpan.FromSeconds(_samples / 16000.0), 1));
        }

        protected override void Release()
        {
        }
    }
}
