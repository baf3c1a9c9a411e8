using LiveTranscription.Providers.DynamoDb.Reminders;
using LiveTranscription.Providers.DynamoDb.Shared;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace LiveTranscription.Providers.DynamoDb.Hosting;

/// <summary>Hosting extensions of the DynamoDB reminder table.</summary>
public static class DynamoDbReminderExtensions
{
    /// <summary>
    /// Adds Orleans' reminder service to the silo with its reminders in DynamoDB
    /// (<see cref="DynamoDbReminderOptions.TableName"/>), through the silo's <see cref="Amazon.DynamoDBv2.IAmazonDynamoDB"/>.
    /// </summary>
    /// <param name="builder">The silo builder.</param>
    /// <param name="configure">Configures the options; the defaults are documented on <see cref="DynamoDbReminderOptions"/>.</param>
    /// <returns>The silo builder.</returns>
    public static ISiloBuilder UseDynamoDbReminderService(this ISiloBuilder builder, Action<DynamoDbReminderOptions>? configure = null)
    {
        builder.AddReminders();
        var services = builder.Services;
        var options = services.AddOptions<DynamoDbReminderOptions>();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        services.AddSingleton<DynamoDbReminderTable>();
        services.AddSingleton<IReminderTable>(sp => sp.GetRequiredService<DynamoDbReminderTable>());
        services.AddSingleton<IConfigurationValidator>(sp => new TableNameValidator(
            nameof(DynamoDbReminderOptions), sp.GetRequiredService<IOptions<DynamoDbReminderOptions>>().Value.TableName));
        return builder;
    }
}
