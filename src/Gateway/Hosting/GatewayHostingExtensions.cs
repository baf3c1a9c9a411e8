using LiveTranscription.Cluster;
using LiveTranscription.Gateway.Api;
using LiveTranscription.Gateway.Cluster;
using LiveTranscription.Grains;
using LiveTranscription.Runtime.Grains;
using LiveTranscription.Gateway.Connections;
using LiveTranscription.Gateway.Fanout;
using LiveTranscription.Gateway.Hubs;
using LiveTranscription.Gateway.Sessions;
using LiveTranscription.Silo;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace LiveTranscription.Gateway.Hosting;

/// <summary>Wiring of the gateway and of the process modes.</summary>
internal static class GatewayHostingExtensions
{
    /// <summary>
    /// The one place that decides the process's mode (<c>Cluster:Mode</c>). Embedded (default): the silo runs in this
    /// process, reached through the local grain runtime. Cluster: silos are separate processes found through the
    /// DynamoDB membership table and directory, reached over the link.
    /// </summary>
    public static WebApplicationBuilder AddLiveTranscription(this WebApplicationBuilder builder)
    {
        var cluster = builder.Configuration.GetSection(ClusterOptions.SectionName).Get<ClusterOptions>() ?? new();
        if (cluster.IsCluster)
        {
            builder.AddClusterClient();
        }
        else
        {
            builder.AddSilo();
        }

        builder.AddGateway();
        return builder;
    }

    /// <summary>Cluster mode: the view of the cluster, one link per session in use, records from DynamoDB for the REST API.</summary>
    public static WebApplicationBuilder AddClusterClient(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.TryAddSingleton(TimeProvider.System);
        services.AddDynamoDbRecords();
        services.AddClusterTables();
        services.AddOptions<SessionLinkOptions>().BindConfiguration(SessionLinkOptions.SectionName);
        services.AddSingleton<ClusterView>();
        services.AddHostedService(sp => sp.GetRequiredService<ClusterView>());
        services.AddMetrics();
        services.AddSingleton<LinkMetrics>();
        services.AddSingleton<SiloLinks>();
        services.AddHostedService(sp => sp.GetRequiredService<SiloLinks>());
        services.AddSingleton<IGrainFactory, RemoteGrainFactory>();
        services.AddHealthChecks().AddCheck<ClusterHealthCheck>("cluster", tags: ["ready"]);
        return builder;
    }

    public static WebApplicationBuilder AddGateway(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<GatewayOptions>().BindConfiguration(GatewayOptions.SectionName)
            .Validate(o => o.ChunksPerSecond > 0 && o.ChunkBurst >= 1, "Gateway:ChunksPerSecond and ChunkBurst must be positive.")
            .Validate(o => o.ControlCallsPerSecond > 0 && o.ControlCallBurst >= 1, "Gateway:ControlCallsPerSecond and ControlCallBurst must be positive.")
            .Validate(o => o.OutboxCapacity >= 16, "Gateway:OutboxCapacity must be at least 16.")
            .Validate(o => o.MaxMessageBytes >= 64 * 1024, "Gateway:MaxMessageBytes must be at least 64 KiB (a 32 KiB chunk is ~44 KiB of base64).")
            .ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<ConnectionRegistry>();
        services.AddSingleton<FanoutRegistry>();
        services.AddSingleton<StartRequestValidator>();
        services.AddSingleton<SessionGateway>();
        services.AddSingleton<ProtocolErrorFilter>();
        services.AddSignalR(o =>
        {
            o.AddFilter<ProtocolErrorFilter>();
            o.EnableDetailedErrors = false;
            o.MaximumParallelInvocationsPerClient = 1; // a connection's audio is processed in order
        });
        services.AddOptions<HubOptions>().Configure<IOptions<GatewayOptions>>((hub, gateway) => hub.MaximumReceiveMessageSize = gateway.Value.MaxMessageBytes);
        services.AddHealthChecks();
        return builder;
    }

    public static WebApplication MapGateway(this WebApplication app)
    {
        app.UseDefaultFiles();
        app.UseStaticFiles();
        app.MapHub<TranscriptionHub>("/hubs/transcription");
        app.MapSessionsApi();
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false });
        app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = c => c.Tags.Contains("ready") });
        return app;
    }
}
