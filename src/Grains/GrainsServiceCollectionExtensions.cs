using LiveTranscription.Grains.Abstractions.Sessions;
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
}
