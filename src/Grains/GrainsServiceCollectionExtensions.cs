using Amazon;
using Amazon.DynamoDBv2;
using Amazon.S3;
using LiveTranscription.Grains.Abstractions.Sessions;
using LiveTranscription.Grains.Archive.S3;
using LiveTranscription.Grains.Records.DynamoDb;
using LiveTranscription.Grains.Archive;
using LiveTranscription.Grains.Engines;
using LiveTranscription.Grains.Records;
using LiveTranscription.Grains.Sessions;
using LiveTranscription.Grains.Storage;
using LiveTranscription.Grains.Telemetry;
using LiveTranscription.Runtime;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace LiveTranscription.Grains;

/// <summary>Registration of the session grain and what it owns.</summary>
public static class GrainsServiceCollectionExtensions
{
    /// <summary>Adds the session grain, its engines and options. Storage is added separately (<see cref="AddFileStorage"/>).</summary>
    public static IServiceCollection AddSessionGrains(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<SessionOptions>().BindConfiguration(SessionOptions.SectionName).ValidateOnStart();
        services.AddSingleton<IValidateOptions<SessionOptions>, SessionOptionsValidator>();
        services.AddOptions<CapacityOptions>().BindConfiguration(CapacityOptions.SectionName)
            .Validate(o => o.MaxActiveSessions > 0, "Silo:MaxActiveSessions must be positive.")
            .ValidateOnStart();
        services.AddOptions<StorageOptions>().BindConfiguration(StorageOptions.SectionName);
        services.AddOptions<ArchiveOptions>().BindConfiguration(ArchiveOptions.SectionName).ValidateOnStart();
        services.AddSingleton<IValidateOptions<ArchiveOptions>, ArchiveOptionsValidator>();
        services.TryAddSingleton<SessionCapacity>();
        services.TryAddSingleton<SessionMetrics>();
        services.AddMetrics();
        services.AddSpeechEngines(configuration);
        services.AddGrain<ISessionGrain, SessionGrain>("session");
        return services;
    }

    /// <summary>Embedded-mode storage: records and the audio archive (WAV or Ogg Opus) as files under <c>Storage:DataDirectory</c>.</summary>
    public static IServiceCollection AddFileStorage(this IServiceCollection services)
    {
        services.AddOptions<StorageOptions>().BindConfiguration(StorageOptions.SectionName)
            .Validate(o => !string.IsNullOrWhiteSpace(o.DataDirectory), "Storage:DataDirectory is required.")
            .ValidateOnStart();
        services.TryAddSingleton<FileSessionStore>();
        services.TryAddSingleton<ISessionStore>(sp => sp.GetRequiredService<FileSessionStore>());
        services.TryAddSingleton<IInProgressSessionIndex>(sp => sp.GetRequiredService<FileSessionStore>());
        services.TryAddSingleton<IAudioArchive, FileAudioArchive>();
        return services;
    }

    /// <summary>
    /// AWS storage: records and segments in DynamoDB (<c>Storage:DynamoDb</c>), audio in S3 (<c>Storage:S3</c>) through
    /// a local spool under <c>Storage:DataDirectory</c>. Credentials come from the default AWS chain.
    /// <paramref name="embedded"/>: one process owns every session, and marks the ones it has in progress under the
    /// data directory (<see cref="IInProgressSessionIndex"/>), so its next start finalizes what a crash left.
    /// </summary>
    public static IServiceCollection AddAwsStorage(this IServiceCollection services, bool embedded = false)
    {
        services.AddOptions<StorageOptions>().BindConfiguration(StorageOptions.SectionName);
        if (embedded)
        {
            services.TryAddSingleton(sp => new MarkedSessionStore(
                sp.GetRequiredService<DynamoDbSessionStore>(), InProgressMarkers.For(sp.GetRequiredService<IOptions<StorageOptions>>().Value)));
            services.TryAddSingleton<ISessionStore>(sp => sp.GetRequiredService<MarkedSessionStore>());
            services.TryAddSingleton<IInProgressSessionIndex>(sp => sp.GetRequiredService<MarkedSessionStore>());
        }

        services.AddDynamoDbRecords();
        services.AddOptions<S3ArchiveOptions>().BindConfiguration(S3ArchiveOptions.SectionName)
            .Validate(o => !string.IsNullOrWhiteSpace(o.Bucket), "Storage:S3:Bucket is required.")
            .Validate(o => o.PartSize >= 5 * 1024 * 1024, "Storage:S3:PartSize must be at least 5 MiB (S3's minimum for every part but the last).")
            .ValidateOnStart();
        services.TryAddSingleton<IAmazonS3>(sp =>
        {
            var o = sp.GetRequiredService<IOptions<S3ArchiveOptions>>().Value;
            return new AmazonS3Client(WithEndpoint(new AmazonS3Config { ForcePathStyle = o.ForcePathStyle }, o.ServiceUrl, o.Region));
        });
        services.TryAddSingleton<S3BackgroundUploads>();
        services.AddHostedService(sp => sp.GetRequiredService<S3BackgroundUploads>());
        services.TryAddSingleton<IAudioArchive, S3AudioArchive>();
        return services;
    }

    /// <summary>
    /// Session records and segments in DynamoDB (<c>Storage:DynamoDb</c>), and the DynamoDB client the cluster's tables
    /// share: what a cluster gateway needs for the REST read API.
    /// </summary>
    public static IServiceCollection AddDynamoDbRecords(this IServiceCollection services)
    {
        services.AddOptions<DynamoDbStoreOptions>().BindConfiguration(DynamoDbStoreOptions.SectionName);
        services.TryAddSingleton<IAmazonDynamoDB>(sp =>
        {
            var o = sp.GetRequiredService<IOptions<DynamoDbStoreOptions>>().Value;
            return new AmazonDynamoDBClient(WithEndpoint(new AmazonDynamoDBConfig(), o.ServiceUrl, o.Region));
        });
        services.TryAddSingleton(sp => new DynamoDbSessionStore(sp.GetRequiredService<IAmazonDynamoDB>(), sp.GetRequiredService<IOptions<DynamoDbStoreOptions>>().Value));
        services.TryAddSingleton<ISessionStore>(sp => sp.GetRequiredService<DynamoDbSessionStore>());
        if (!services.Any(d => d.ImplementationType == typeof(DynamoDbTableSetup)))
        {
            services.AddHostedService<DynamoDbTableSetup>();
        }

        return services;
    }

    /// <summary>An endpoint override (local servers, S3-compatible stores, VPC endpoints) signs for <paramref name="region"/>; else the region's endpoint.</summary>
    private static T WithEndpoint<T>(T config, string? serviceUrl, string region)
        where T : Amazon.Runtime.ClientConfig
    {
        if (serviceUrl is { Length: > 0 })
        {
            config.ServiceURL = serviceUrl;
            config.AuthenticationRegion = region;
        }
        else
        {
            config.RegionEndpoint = RegionEndpoint.GetBySystemName(region);
        }

        return config;
    }
}
