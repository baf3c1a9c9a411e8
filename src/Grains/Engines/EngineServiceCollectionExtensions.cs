using LiveTranscription.Grains.Engines.PocketSphinx;
using LiveTranscription.Grains.Engines.Synthetic;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace LiveTranscription.Grains.Engines;

/// <summary>Registration of the speech engines.</summary>
public static class EngineServiceCollectionExtensions
{
    /// <summary>Adds the engine catalog and the engines enabled in configuration.</summary>
    public static IServiceCollection AddSpeechEngines(this IServiceCollection services, IConfiguration configuration)
    {
        var enabled = new List<string>();
        services.AddSingleton<EngineCatalog>();

        var offline = configuration.GetSection(PocketSphinxOptions.SectionName).Get<PocketSphinxOptions>() ?? new();
        if (offline.Enabled)
        {
            services.AddOptions<PocketSphinxOptions>().BindConfiguration(PocketSphinxOptions.SectionName).ValidateOnStart();
            services.AddSingleton<IValidateOptions<PocketSphinxOptions>, PocketSphinxOptionsValidator>();
            services.AddSingleton<ISpeechEngine, PocketSphinxEngine>();
            enabled.Add(PocketSphinxEngine.EngineName);
        }

        var synthetic = configuration.GetSection(SyntheticEngineOptions.SectionName).Get<SyntheticEngineOptions>() ?? new();
        if (synthetic.Enabled)
        {
            services.AddOptions<SyntheticEngineOptions>().BindConfiguration(SyntheticEngineOptions.SectionName)
                .Validate(o => o.WordLength > TimeSpan.Zero && o.WordsPerUtterance > 0, "Engines:Synthetic needs a positive WordLength and WordsPerUtterance.")
                .ValidateOnStart();
            services.AddSingleton<ISpeechEngine, SyntheticEngine>();
            enabled.Add(SyntheticEngine.EngineName);
        }

        var aws = configuration.GetSection(Transcribe.TranscribeOptions.SectionName).Get<Transcribe.TranscribeOptions>() ?? new();
        if (aws.Enabled)
        {
            services.AddOptions<Transcribe.TranscribeOptions>().BindConfiguration(Transcribe.TranscribeOptions.SectionName)
                .Validate(o => o.MaxReconnects >= 0 && o.EventDuration >= TimeSpan.FromMilliseconds(20) && o.EventDuration <= TimeSpan.FromSeconds(1),
                    "Engines:Aws needs MaxReconnects >= 0 and an EventDuration of 20 ms to 1 s.")
                .ValidateOnStart();
            foreach (var medical in new[] { false, true })
            {
                services.AddSingleton<ISpeechEngine>(sp => new Transcribe.TranscribeEngine(
                    sp.GetRequiredService<IOptions<Transcribe.TranscribeOptions>>(), sp.GetRequiredService<IOptions<EngineOptions>>(), medical));
            }

            enabled.Add(Transcribe.TranscribeEngine.StandardName);
            enabled.Add(Transcribe.TranscribeEngine.MedicalName);
        }

        // Validated against the names enabled above (not the engine instances: they depend on these options).
        services.AddOptions<EngineOptions>().BindConfiguration(EngineOptions.SectionName)
            .Validate(o => o.MaxBufferedAudio > TimeSpan.Zero, "Engines:MaxBufferedAudio must be positive.")
            .Validate(
                o => enabled.Contains(o.Default, StringComparer.OrdinalIgnoreCase),
                $"Engines:Default must name an enabled engine ({string.Join(", ", enabled)}); enable others with Engines:<Name>:Enabled=true.")
            .ValidateOnStart();
        return services;
    }
}
