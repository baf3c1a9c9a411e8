using LiveTranscription.Runtime.Activation;
using LiveTranscription.Runtime.Directory;
using LiveTranscription.Runtime.Grains;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace LiveTranscription.Runtime;

/// <summary>Registration of the grain runtime.</summary>
public static class RuntimeServiceCollectionExtensions
{
    /// <summary>Adds the local grain runtime with an in-memory directory (embedded mode).</summary>
    public static IServiceCollection AddGrainRuntime(this IServiceCollection services)
    {
        services.AddOptions<RuntimeOptions>().BindConfiguration(RuntimeOptions.SectionName);
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(sp =>
        {
            var registry = new GrainTypeRegistry();
            foreach (var r in sp.GetServices<GrainRegistration>())
            {
                registry.Add(r.Interface, r.Implementation, r.TypeName);
            }

            return registry;
        });
        services.TryAddSingleton<IGrainDirectory, InMemoryGrainDirectory>();
        services.TryAddSingleton<ActivationCatalog>();
        services.TryAddSingleton<GrainInvoker>();
        services.TryAddSingleton<IGrainFactory, GrainFactory>();
        services.TryAddSingleton<IGrainRuntime, GrainRuntime>();
        services.AddSingleton<IHostedService, GrainRuntimeHost>();
        return services;
    }

    /// <summary>Registers grain class <typeparamref name="TGrain"/> for interface <typeparamref name="TInterface"/>.</summary>
    public static IServiceCollection AddGrain<TInterface, TGrain>(this IServiceCollection services, string typeName)
        where TInterface : class
        where TGrain : Grain, TInterface
    {
        services.AddSingleton(new GrainRegistration(typeof(TInterface), typeof(TGrain), typeName));
        return services;
    }

    private sealed record GrainRegistration(Type Interface, Type Implementation, string TypeName);
}
