using LiveTranscription.Gateway;
using LiveTranscription.Gateway.Connections;
using LiveTranscription.Gateway.Fanout;
using LiveTranscription.Gateway.Hubs;
using LiveTranscription.Gateway.Sessions;
using LiveTranscription.Grains;
using LiveTranscription.Grains.Abstractions.Protocol;
using LiveTranscription.Grains.Abstractions.Sessions;
using LiveTranscription.Runtime;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace LiveTranscription.Bench;

/// <summary>The real runtime, session grain, file storage and the gateway's routing, in this process.</summary>
internal sealed class BenchHost : IAsyncDisposable
{
    private readonly ServiceProvider _services;
    private int _connections;

    public BenchHost(string engine, Dictionary<string, string?>? extra = null, Action<IServiceCollection>? storage = null)
    {
        DataDirectory = Directory.CreateTempSubdirectory("lt-bench-").FullName;
        var values = new Dictionary<string, string?>
        {
            ["Engines:Default"] = engine,
            ["Engines:Synthetic:Enabled"] = "true",
            ["Storage:DataDirectory"] = DataDirectory,
            ["Gateway:ChunksPerSecond"] = "1000000",
            ["Gateway:ChunkBurst"] = "1000000",
            ["Gateway:ControlCallsPerSecond"] = "1000000",
            ["Gateway:ControlCallBurst"] = "1000000",
            ["Silo:MaxActiveSessions"] = "1000",
        };
        foreach (var (k, v) in extra ?? [])
        {
            values[k] = v;
        }

        var config = new ConfigurationBuilder().AddInMemoryCollection(values).Build();
        var services = new ServiceCollection()
            .AddSingleton<IConfiguration>(config)
            .AddLogging(b => b.SetMinimumLevel(LogLevel.Warning))
            .AddMetrics()
            .AddGrainRuntime()
            .AddSessionGrains(config);
        if (storage is null)
        {
            services.AddFileStorage();
        }
        else
        {
            storage(services);
        }

        services.AddOptions<GatewayOptions>().BindConfiguration(GatewayOptions.SectionName);
        services.AddSingleton<IHubContext<TranscriptionHub>, NullHubContext>();
        services.AddSingleton<ConnectionRegistry>();
        services.AddSingleton<FanoutRegistry>();
        services.AddSingleton<StartRequestValidator>();
        services.AddSingleton<SessionGateway>();
        _services = services.BuildServiceProvider();
        Gateway = _services.GetRequiredService<SessionGateway>();
    }

    public string DataDirectory { get; }

    public SessionGateway Gateway { get; }

    public T Get<T>() where T : notnull => _services.GetRequiredService<T>();

    public ClientConnection NewConnection()
    {
        var id = $"bench-{Interlocked.Increment(ref _connections)}";
        var o = _services.GetRequiredService<IOptions<GatewayOptions>>().Value;
        var client = new ClientRef(o.GatewayId, id, "bench");
        return new ClientConnection(
            client,
            new ClientOutbox(id, o.OutboxCapacity, _services.GetRequiredService<IHubContext<TranscriptionHub>>(), _services.GetRequiredService<ILogger<BenchHost>>(), () => { }),
            new ChunkRateLimiter(o.ChunksPerSecond, o.ChunkBurst, TimeProvider.System),
            new ChunkRateLimiter(o.ControlCallsPerSecond, o.ControlCallBurst, TimeProvider.System));
    }

    /// <summary>Sends a chunk; while the engine is behind (recoverable BUFFER_OVERFLOW) waits and resends, as a client would.</summary>
    public async Task SendWithRetryAsync(ClientConnection connection, string id, long sequence, byte[] chunk)
    {
        while (true)
        {
            try
            {
                await Gateway.SendAudioAsync(connection, id, sequence, Convert.ToBase64String(chunk));
                return;
            }
            catch (SessionException ex) when (ex.Code == ErrorCode.BufferOverflow && ex.Recoverable)
            {
                await Task.Delay(20);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var hosted in _services.GetServices<IHostedService>())
        {
            await hosted.StopAsync(CancellationToken.None);
        }

        await _services.DisposeAsync();
        Directory.Delete(DataDirectory, recursive: true);
    }
}
