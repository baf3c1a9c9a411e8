using LiveTranscription.Grains.Abstractions.Protocol;
using LiveTranscription.Grains.Abstractions.Sessions;
using LiveTranscription.Grains.Engines;
using LiveTranscription.Grains.Records;
using LiveTranscription.Runtime;
using LiveTranscription.Runtime.Grains;
using LiveTranscription.TestKit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace LiveTranscription.Grains.Tests.Sessions;

/// <summary>
/// The real grain runtime, session grain, synthetic engine and file storage, on a manual clock.
/// Unexpected error logs fail the test on dispose.
/// </summary>
public sealed class SessionHarness : IAsyncDisposable
{
    public static readonly TimeSpan Wait = TimeSpan.FromSeconds(15);
    public static readonly TimeSpan Chunk = TimeSpan.FromMilliseconds(100);

    private readonly ServiceProvider _services;

    public SessionHarness(Dictionary<string, string?>? settings = null, Action<IServiceCollection>? configure = null)
    {
        DataDirectory = Directory.CreateTempSubdirectory("lt-session-").FullName;
        var values = new Dictionary<string, string?>
        {
            ["Engines:Default"] = "synthetic",
            ["Engines:Synthetic:Enabled"] = "true",
            ["Engines:Offline:Enabled"] = "false",
            ["Storage:DataDirectory"] = DataDirectory,
            ["Runtime:ResponseTimeout"] = "00:00:20",
        };
        foreach (var (k, v) in settings ?? [])
        {
            values[k] = v;
        }

        var config = new ConfigurationBuilder().AddInMemoryCollection(values).Build();
        var services = new ServiceCollection()
            .AddSingleton<IConfiguration>(config)
            .AddLogging(b => b.AddProvider(Errors).AddProvider(new ConsoleLogProvider()).SetMinimumLevel(LogLevel.Debug))
            .AddSingleton<TimeProvider>(Time)
            .AddGrainRuntime()
            .AddSessionGrains(config)
            .AddFileStorage();
        configure?.Invoke(services);
        _services = services.BuildServiceProvider();
    }

    public ManualTimeProvider Time { get; } = new();

    public ErrorLogCollector Errors { get; } = new();

    public string DataDirectory { get; }

    /// <summary>Error logs the test expects (substring match); others fail the test.</summary>
    public List<string> ExpectedErrors { get; } = [];

    public ISessionStore Store => _services.GetRequiredService<ISessionStore>();

    public ISpeechEngine Engine(string name) => _services.GetServices<ISpeechEngine>().Single(e => e.Name == name);

    public ISessionGrain Session(string id) => _services.GetRequiredService<IGrainFactory>().GetGrain<ISessionGrain>(id);

    public static ClientRef Client(string connection = "c1") => new("gw-test", connection, "user-1");

    public async Task<Started> StartAsync(ClientRef? speaker = null, string quality = "medium", string? sessionId = null, string encoding = AudioEncodings.Pcm16)
    {
        var id = sessionId ?? SessionIds.New();
        var observer = new RecordingObserver();
        var grain = Session(id);
        await grain.SubscribeAsync("sub-" + id, observer).WaitAsync(Wait);
        var result = await grain.StartAsync(Command(speaker ?? Client(), quality) with { Encoding = encoding }).WaitAsync(Wait);
        return new Started(id, grain, observer, result.Ack, speaker ?? Client());
    }

    public static StartSessionCommand Command(ClientRef caller, string quality = "medium", string? resumeToken = null) => new()
    {
        Caller = caller,
        Quality = quality,
        SampleRate = Quality.SampleRateOf(quality)!.Value,
        Encoding = AudioEncodings.Pcm16,
        LanguageCode = "en-US",
        ResumeToken = resumeToken,
    };

    public async ValueTask DisposeAsync()
    {
        foreach (var hosted in _services.GetServices<IHostedService>())
        {
            await hosted.StopAsync(CancellationToken.None);
        }

        await _services.DisposeAsync();
        var unexpected = Errors.Errors.Where(e => !ExpectedErrors.Any(e.Contains)).ToList();
        Directory.Delete(DataDirectory, recursive: true);
        Assert.True(unexpected.Count == 0, "Unexpected error logs:\n" + string.Join('\n', unexpected));
    }

    public sealed record Started(string Id, ISessionGrain Grain, RecordingObserver Observer, SessionAck Ack, ClientRef Speaker)
    {
        private long _next;

        /// <summary>Sends <paramref name="audio"/> as 100 ms chunks with the next sequence numbers.</summary>
        public async Task<AudioAck> SendAsync(byte[] audio)
        {
            AudioAck? ack = null;
            foreach (var chunk in TestKit.TestAudio.Chunks(audio, Ack.SampleRate, Chunk))
            {
                ack = await Grain.SendAudioAsync(Speaker, _next++, chunk).WaitAsync(Wait);
            }

            return ack!;
        }

        /// <summary>Sends already framed chunks (e.g. Opus) with the next sequence numbers.</summary>
        public async Task<AudioAck> SendChunksAsync(IEnumerable<byte[]> chunks)
        {
            AudioAck? ack = null;
            foreach (var chunk in chunks)
            {
                ack = await Grain.SendAudioAsync(Speaker, _next++, chunk).WaitAsync(Wait);
            }

            return ack!;
        }

        public Task<AudioAck> SendToneAsync(double seconds, int seed = 1)
            => SendAsync(TestKit.TestAudio.Tone(Ack.SampleRate, TimeSpan.FromSeconds(seconds), seed: seed));

        public List<TranscriptEvent> Finals => [.. Observer.Payloads<TranscriptEvent>("transcript").Where(t => !t.IsPartial)];

        public async Task<SessionException> ErrorOfAsync(Func<Task> call) => await Assert.ThrowsAsync<SessionException>(call).WaitAsync(Wait);
    }
}
