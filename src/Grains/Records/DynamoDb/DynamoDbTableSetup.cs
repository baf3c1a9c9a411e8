using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace LiveTranscription.Grains.Records.DynamoDb;

/// <summary>Creates the tables at startup when <see cref="DynamoDbStoreOptions.CreateTablesIfMissing"/> (development, tests).</summary>
internal sealed class DynamoDbTableSetup(DynamoDbSessionStore store, IOptions<DynamoDbStoreOptions> options) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
        => options.Value.CreateTablesIfMissing ? store.EnsureTablesAsync(cancellationToken) : Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
