using LiveTranscription.Providers.DynamoDb.Shared;
using LiveTranscription.Providers.DynamoDb.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Orleans.Providers;
using Orleans.Runtime.Hosting;
using Orleans.Storage;

namespace LiveTranscription.Providers.DynamoDb.Hosting;

/// <summary>Hosting extensions of the DynamoDB grain storage.</summary>
public static class DynamoDbGrainStorageExtensions
{
    /// <summary>
    /// Adds a grain storage named <paramref name="name"/> keeping each grain state in a DynamoDB item of
    /// <see cref="DynamoDbGrainStorageOptions.TableName"/>, through the silo's <see cref="Amazon.DynamoDBv2.IAmazonDynamoDB"/>.
    /// The table is created at silo start when <see cref="DynamoDbGrainStorageOptions.CreateTableIfMissing"/> is set.
    /// </summary>
    /// <param name="builder">The silo builder.</param>
    /// <param name="name">The storage name grains use (<c>[PersistentState("state", name)]</c>).</param>
    /// <param name="configure">Configures the options; the defaults are documented on <see cref="DynamoDbGrainStorageOptions"/>.</param>
    /// <returns>The silo builder.</returns>
    public static ISiloBuilder AddDynamoDbGrainStorage(this ISiloBuilder builder, string name, Action<DynamoDbGrainStorageOptions>? configure = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        var services = builder.Services;
        var options = services.AddOptions<DynamoDbGrainStorageOptions>(name);
        if (configure is not null)
        {
            options.Configure(configure);
        }

        services.TryAddEnumerable(ServiceDescriptor.Transient<IPostConfigureOptions<DynamoDbGrainStorageOptions>, DefaultStorageProviderSerializerOptionsConfigurator<DynamoDbGrainStorageOptions>>());
        services.AddSingleton<IConfigurationValidator>(sp => new TableNameValidator(
            $"Grain storage '{name}'", sp.GetRequiredService<IOptionsMonitor<DynamoDbGrainStorageOptions>>().Get(name).TableName));
        services.AddGrainStorage(name, static (sp, storage) => ActivatorUtilities.CreateInstance<DynamoDbGrainStorage>(
            sp,
            storage,
            sp.GetRequiredService<IOptionsMonitor<DynamoDbGrainStorageOptions>>().Get(storage),
            sp.GetService<TimeProvider>() ?? TimeProvider.System));
        return builder;
    }

    /// <summary>Adds the DynamoDB grain storage as the silo's default storage (grains that name no storage).</summary>
    /// <param name="builder">The silo builder.</param>
    /// <param name="configure">Configures the options; the defaults are documented on <see cref="DynamoDbGrainStorageOptions"/>.</param>
    /// <returns>The silo builder.</returns>
    public static ISiloBuilder AddDynamoDbGrainStorageAsDefault(this ISiloBuilder builder, Action<DynamoDbGrainStorageOptions>? configure = null)
        => builder.AddDynamoDbGrainStorage(ProviderConstants.DEFAULT_STORAGE_PROVIDER_NAME, configure);
}
