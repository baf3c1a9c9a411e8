using LiveTranscription.Cluster;
using LiveTranscription.Cluster.Directory;
using LiveTranscription.Cluster.Membership;
using LiveTranscription.Grains;
using LiveTranscription.Grains.Sessions;
using LiveTranscription.Grains.Storage;
using LiveTranscription.Runtime;
using LiveTranscription.Runtime.Directory;
using LiveTranscription.Silo.Cluster;
using LiveTranscription.Silo.Link;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Configuration.Memory;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace LiveTranscription.Silo;

/// <summary>Wiring of a silo.</summary>
public static class SiloHostingExtensions
{
    /// <summary>
    /// Adds an embedded silo: the grain runtime with the in-memory directory, the session grain with its engines, and
    /// storage (<c>Storage:Provider</c>: files, or DynamoDB and S3). At startup it finalizes the sessions a previous
    /// process left in progress (it crashed): they end FAILED with what was stored.
    /// </summary>
    public static IHostApplicationBuilder AddSilo(this IHostApplicationBuilder builder)
    {
        builder.Services.AddGrainRuntime();
        builder.Services.AddSessionGrains(builder.Configuration);
        var storage = builder.Configuration.GetSection(StorageOptions.SectionName).Get<StorageOptions>() ?? new();
        if (storage.UsesAws)
        {
            builder.Services.AddAwsStorage(embedded: true);
        }
        else
        {
            builder.Services.AddFileStorage();
        }

        builder.Services.AddHostedService<EmbeddedRecoveryService>();

        builder.Services.AddHealthChecks().AddCheck<SiloHealthCheck>("silo", tags: ["ready"]);
        return builder;
    }

    /// <summary>
    /// A cluster silo process: DynamoDB membership and directory, AWS storage (records in DynamoDB, audio in S3), the
    /// link endpoint on the internal HTTP/2 port, the heartbeat, and drain on SIGTERM. Sessions whose owner died are
    /// resumed here (<see cref="Grains.Sessions.SessionOptions.ResumeInProgress"/>).
    /// </summary>
    public static WebApplicationBuilder AddClusterSilo(this WebApplicationBuilder builder)
    {
        // Defaults below every other source (no appsettings.json ships with the silo): Kestrel's per-request logs off.
        builder.Configuration.Sources.Insert(0, new MemoryConfigurationSource
        {
            InitialData = new Dictionary<string, string?>
            {
                ["Logging:LogLevel:Default"] = "Information",
                ["Logging:LogLevel:Microsoft.AspNetCore"] = "Warning",
                ["Logging:LogLevel:LiveTranscription.Runtime"] = "Warning",
            },
        });
        var services = builder.Services;
        services.AddOptions<SiloOptions>().BindConfiguration(SiloOptions.SectionName)
            .Validate(o => o.Port is > 0 and < 65536, "Cluster:Silo:Port must be a TCP port.")
            .Validate(o => o.DrainTimeout >= TimeSpan.FromSeconds(2), "Cluster:Silo:DrainTimeout must be at least 2 s.")
            .ValidateOnStart();
        var silo = builder.Configuration.GetSection(SiloOptions.SectionName).Get<SiloOptions>() ?? new();
        builder.WebHost.ConfigureKestrel(k =>
        {
            k.ListenAnyIP(silo.Port, l => l.Protocols = HttpProtocols.Http2); // h2c with prior knowledge, inside the VPC
            k.Limits.Http2.MaxStreamsPerConnection = silo.MaxStreamsPerConnection;
            k.Limits.Http2.KeepAlivePingDelay = TimeSpan.FromSeconds(10);
            k.Limits.Http2.KeepAlivePingTimeout = TimeSpan.FromSeconds(10);
        });
        services.Configure<HostOptions>(o => o.ShutdownTimeout = silo.DrainTimeout + TimeSpan.FromSeconds(3));

        services.AddOptions<StorageOptions>().Configure(o => o.Provider = "Aws");
        services.AddAwsStorage();
        services.AddClusterTables();
        services.AddSingleton(sp => new SiloMembership(
            sp.GetRequiredService<DynamoDbMembershipTable>(),
            sp.GetRequiredService<IOptions<MembershipOptions>>().Value,
            sp.GetRequiredService<TimeProvider>(),
            silo.Name,
            silo.Endpoint,
            () => (sp.GetRequiredService<SessionCapacity>().Active, sp.GetRequiredService<SessionCapacity>().Limit),
            sp.GetRequiredService<ILogger<SiloMembership>>()));
        services.AddSingleton<IGrainDirectory, ClusterGrainDirectory>(); // before the runtime's in-memory default
        services.AddGrainRuntime();
        services.AddSessionGrains(builder.Configuration);
        services.PostConfigure<Grains.Sessions.SessionOptions>(o => o.ResumeInProgress = true);
        services.AddSingleton<LinkStreams>();
        services.AddSingleton<SessionLinkEndpoint>();
        services.AddSingleton<SiloClusterService>();
        services.AddHostedService(sp => sp.GetRequiredService<SiloClusterService>());
        services.AddHealthChecks().AddCheck<SiloHealthCheck>("silo", tags: ["ready"]);
        return builder;
    }

    public static WebApplication MapClusterSilo(this WebApplication app)
    {
        SessionLinkEndpoint.Map(app);
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false });
        app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = c => c.Tags.Contains("ready") });
        return app;
    }
}
