using LiveTranscription.Grains;
using LiveTranscription.Runtime;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace LiveTranscription.Silo;

/// <summary>Wiring of a silo.</summary>
public static class SiloHostingExtensions
{
    /// <summary>
    /// Adds a silo: the grain runtime, the session grain with its engines, and storage. Embedded mode
    /// uses the in-memory directory and file storage, and finalizes at startup the sessions a previous
    /// process left in progress.
    /// </summary>
    public static IHostApplicationBuilder AddSilo(this IHostApplicationBuilder builder)
    {
        builder.Services.AddGrainRuntime();
        builder.Services.AddSessionGrains(builder.Configuration);
        builder.Services.AddFileStorage();
        builder.Services.AddHostedService<EmbeddedRecoveryService>();
        builder.Services.AddHealthChecks().AddCheck<SiloHealthCheck>("silo", tags: ["ready"]);
        return builder;
    }
}
