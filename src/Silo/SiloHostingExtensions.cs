using LiveTranscription.Grains;
using LiveTranscription.Grains.Storage;
using LiveTranscription.Runtime;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace LiveTranscription.Silo;

/// <summary>Wiring of a silo.</summary>
public static class SiloHostingExtensions
{
    /// <summary>
    /// Adds a silo: the grain runtime, the session grain with its engines, and storage. Embedded mode
    /// uses the in-memory directory and file storage (<c>Storage:Provider=File</c>), and finalizes at startup
    /// the sessions a previous process left in progress; <c>Storage:Provider=Aws</c> stores in DynamoDB and S3.
    /// </summary>
    public static IHostApplicationBuilder AddSilo(this IHostApplicationBuilder builder)
    {
        builder.Services.AddGrainRuntime();
        builder.Services.AddSessionGrains(builder.Configuration);
        var storage = builder.Configuration.GetSection(StorageOptions.SectionName).Get<StorageOptions>() ?? new();
        if (storage.UsesAws)
        {
            // Sessions a crashed process left IN_PROGRESS are taken over by the cluster (its issue), not recovered here.
            builder.Services.AddAwsStorage();
        }
        else
        {
            builder.Services.AddFileStorage();
            builder.Services.AddHostedService<EmbeddedRecoveryService>();
        }

        builder.Services.AddHealthChecks().AddCheck<SiloHealthCheck>("silo", tags: ["ready"]);
        return builder;
    }
}
