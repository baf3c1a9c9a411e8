using Amazon.DynamoDBv2.Model;
using LiveTranscription.Providers.DynamoDb.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Serialization.Serializers;
using Orleans.Storage;

namespace LiveTranscription.Providers.DynamoDb.Tests.Storage;

/// <summary>The grain storage spec against DynamoDB (dynalite), plus the item layout operators rely on.</summary>
public sealed class DynamoDbGrainStorageTests(DynaliteFixture dynamo) : GrainStorageSpec, IClassFixture<DynaliteFixture>
{
    private const string ServiceId = "service/with%slash";
    private readonly string _tableName = "GrainState-" + Guid.NewGuid().ToString("N");

    /// <summary>400 KB less the key and the other attributes.</summary>
    protected override int? MaxStateBytes => (400 * 1024) - 512;

    [Fact]
    public async Task TheItem_IsKeyedByServiceStateNameAndGrain_WithANumericVersionAsETag()
    {
        var storage = await CreateStorageAsync(CancellationToken.None).WaitAsync(Timeout);
        var grain = GrainId.Create("counter", "a/b");
        var state = new GrainState<SpecState> { State = new SpecState { Count = 3 } };

        await storage.WriteStateAsync("state/name", grain, state).WaitAsync(Timeout);

        var item = (await dynamo.Client.GetItemAsync(new GetItemRequest
        {
            TableName = _tableName,
            Key = new() { ["Key"] = new AttributeValue { S = "service%2Fwith%25slash/state%2Fname/counter/a/b" } },
            ConsistentRead = true,
        }).WaitAsync(Timeout)).Item;
        Assert.NotNull(item);
        Assert.Equal(state.ETag, item["Version"].N);
        Assert.True(item["State"].B.Length > 0);
        Assert.True(DateTime.UtcNow - DateTime.Parse(item["UpdatedAt"].S, System.Globalization.CultureInfo.InvariantCulture).ToUniversalTime() < TimeSpan.FromMinutes(1));
    }

    [Fact]
    public async Task AnETagThisStorageNeverIssued_IsRefused()
    {
        var storage = await CreateStorageAsync(CancellationToken.None).WaitAsync(Timeout);

        await Assert.ThrowsAsync<InconsistentStateException>(
            () => storage.WriteStateAsync("state", NewGrain(), new GrainState<SpecState> { State = new SpecState(), ETag = "W/\"not-a-version\"" }).WaitAsync(Timeout));
    }

    protected override async Task<IGrainStorage> CreateStorageAsync(CancellationToken cancellationToken)
    {
        var storage = new DynamoDbGrainStorage(
            "spec",
            new DynamoDbGrainStorageOptions { TableName = _tableName, CreateTableIfMissing = true, GrainStorageSerializer = Serializer },
            dynamo.Client,
            Options.Create(new ClusterOptions { ClusterId = "cluster", ServiceId = ServiceId }),
            SerializationServices.GetRequiredService<IActivatorProvider>(),
            TimeProvider.System,
            NullLogger<DynamoDbGrainStorage>.Instance);
        await storage.InitializeAsync(cancellationToken);
        return storage;
    }
}
