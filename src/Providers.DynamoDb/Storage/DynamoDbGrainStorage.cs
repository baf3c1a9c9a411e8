using System.Globalization;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using LiveTranscription.Providers.DynamoDb.Shared;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Serialization.Serializers;
using Orleans.Storage;

namespace LiveTranscription.Providers.DynamoDb.Storage;

/// <summary>
/// Grain state in DynamoDB, one item per (service, state name, grain). Every write and clear is conditional on the
/// version the grain read (its ETag) and is refused, never forced, when the stored version moved: the ETag fences a
/// stale activation off. A new item's first version is random (see <see cref="NewItemVersion"/>).
/// </summary>
internal sealed partial class DynamoDbGrainStorage(
    string name,
    DynamoDbGrainStorageOptions options,
    IAmazonDynamoDB client,
    IOptions<ClusterOptions> clusterOptions,
    IActivatorProvider activators,
    TimeProvider timeProvider,
    ILogger<DynamoDbGrainStorage> logger) : IGrainStorage, ILifecycleParticipant<ISiloLifecycle>
{
    private readonly string _serviceId = clusterOptions.Value.ServiceId;
    private readonly IGrainStorageSerializer _serializer = options.GrainStorageSerializer
        ?? throw new OrleansConfigurationException($"Grain storage '{name}': no GrainStorageSerializer configured or registered.");

    public void Participate(ISiloLifecycle lifecycle)
        => lifecycle.Subscribe(OptionFormattingUtilities.Name<DynamoDbGrainStorage>(name), ServiceLifecycleStage.ApplicationServices, InitializeAsync);

    /// <summary>Creates the table when it is missing and the options ask for it (the silo calls this at start).</summary>
    public async Task InitializeAsync(CancellationToken cancellationToken)
    {
        if (options.CreateTableIfMissing && await DynamoDbTables.CreateIfMissingAsync(client, new CreateTableRequest
        {
            TableName = options.TableName,
            AttributeDefinitions = [new AttributeDefinition(GrainStateItem.Key, ScalarAttributeType.S)],
            KeySchema = [new KeySchemaElement(GrainStateItem.Key, KeyType.HASH)],
        }, cancellationToken).ConfigureAwait(false))
        {
            LogTableCreated(logger, name, options.TableName);
        }
    }

    public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
        => ReadStateAsync(stateName, grainId, grainState, CancellationToken.None);

    public async Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState, CancellationToken cancellationToken)
    {
        var item = await ReadItemAsync(GrainStateItem.KeyOf(_serviceId, stateName, grainId), cancellationToken).ConfigureAwait(false);
        if (item is null)
        {
            Reset(grainState);
            return;
        }

        grainState.State = _serializer.Deserialize<T>(BinaryData.FromBytes(item.GetBytes(GrainStateItem.State))) ?? activators.GetActivator<T>().Create();
        grainState.ETag = item.GetLong(GrainStateItem.Version).ToString(CultureInfo.InvariantCulture);
        grainState.RecordExists = true;
    }

    public Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
        => WriteStateAsync(stateName, grainId, grainState, CancellationToken.None);

    public async Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState, CancellationToken cancellationToken)
    {
        var key = GrainStateItem.KeyOf(_serviceId, stateName, grainId);
        var state = _serializer.Serialize(grainState.State).ToArray();
        var size = GrainStateItem.SizeOf(key, state.Length);
        if (size > GrainStateItem.MaxItemBytes)
        {
            throw new InvalidOperationException(
                $"Grain storage '{name}': the state '{stateName}' of grain {grainId} serializes to {state.Length} bytes; its DynamoDB item " +
                $"would be about {size} bytes, over DynamoDB's item size limit of {GrainStateItem.MaxItemBytes} bytes (400 KB). Nothing was written.");
        }

        var expected = ExpectedVersion(stateName, grainId, grainState.ETag);
        var version = expected is { } v ? v + 1 : NewItemVersion();
        var request = new PutItemRequest { TableName = options.TableName, Item = GrainStateItem.Write(key, state, version, timeProvider.GetUtcNow()) };
        (request.ConditionExpression, request.ExpressionAttributeNames, request.ExpressionAttributeValues) = Condition(expected);
        try
        {
            await client.PutItemAsync(request, cancellationToken).ConfigureAwait(false);
        }
        catch (ConditionalCheckFailedException e)
        {
            throw await RefusedAsync("write", stateName, grainId, key, grainState.ETag, e, cancellationToken).ConfigureAwait(false);
        }

        grainState.ETag = version.ToString(CultureInfo.InvariantCulture);
        grainState.RecordExists = true;
    }

    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
        => ClearStateAsync(stateName, grainId, grainState, CancellationToken.None);

    /// <summary>Deletes the item (conditional like a write) and resets the state: ETag null, RecordExists false.</summary>
    public async Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState, CancellationToken cancellationToken)
    {
        var key = GrainStateItem.KeyOf(_serviceId, stateName, grainId);
        var request = new DeleteItemRequest { TableName = options.TableName, Key = GrainStateItem.KeyAttributes(key) };
        (request.ConditionExpression, request.ExpressionAttributeNames, request.ExpressionAttributeValues) = Condition(ExpectedVersion(stateName, grainId, grainState.ETag));
        try
        {
            await client.DeleteItemAsync(request, cancellationToken).ConfigureAwait(false);
        }
        catch (ConditionalCheckFailedException e)
        {
            throw await RefusedAsync("clear", stateName, grainId, key, grainState.ETag, e, cancellationToken).ConfigureAwait(false);
        }

        Reset(grainState);
    }

    /// <summary>
    /// The first version of a new item: random (below 2^52, exact in any JSON reader), not 1, so that after a clear
    /// (which deletes the item) the versions of the next item do not repeat the old ones: an ETag read before the clear
    /// then cannot match a version written after it.
    /// </summary>
    private static long NewItemVersion() => Random.Shared.NextInt64(1, 1L << 52);

    /// <summary>No ETag: the item must not exist. An ETag: the item must be at that version.</summary>
    private static (string, Dictionary<string, string>, Dictionary<string, AttributeValue>?) Condition(long? expected) => expected is { } version
        ? ("#version = :version", new() { ["#version"] = GrainStateItem.Version }, new() { [":version"] = Attributes.N(version) })
        : ("attribute_not_exists(#key)", new() { ["#key"] = GrainStateItem.Key }, null);

    private long? ExpectedVersion(string stateName, GrainId grainId, string? etag)
    {
        if (etag is null)
        {
            return null;
        }

        return long.TryParse(etag, NumberStyles.None, CultureInfo.InvariantCulture, out var version)
            ? version
            : throw new InconsistentStateException($"Grain storage '{name}': the ETag '{etag}' of state '{stateName}' of grain {grainId} was not issued by this storage.", null, etag);
    }

    private async Task<Dictionary<string, AttributeValue>?> ReadItemAsync(string key, CancellationToken cancellationToken)
    {
        var response = await client.GetItemAsync(new GetItemRequest
        {
            TableName = options.TableName,
            Key = GrainStateItem.KeyAttributes(key),
            ConsistentRead = true,
        }, cancellationToken).ConfigureAwait(false);
        return response.Item is { Count: > 0 } item ? item : null;
    }

    private async Task<InconsistentStateException> RefusedAsync(string operation, string stateName, GrainId grainId, string key, string? etag, Exception cause, CancellationToken cancellationToken)
    {
        // For the message only: the stored version may move again right after this read.
        var stored = await ReadItemAsync(key, cancellationToken).ConfigureAwait(false) is { } item
            ? item.GetLong(GrainStateItem.Version).ToString(CultureInfo.InvariantCulture)
            : null;
        LogRefused(logger, name, operation, stateName, grainId, etag, stored);
        return new InconsistentStateException(
            $"Grain storage '{name}' refused to {operation} state '{stateName}' of grain {grainId}: it holds version {stored ?? "(none)"}, the grain had {etag ?? "(none)"}.",
            stored,
            etag,
            cause);
    }

    private void Reset<T>(IGrainState<T> grainState)
    {
        grainState.State = activators.GetActivator<T>().Create();
        grainState.ETag = null;
        grainState.RecordExists = false;
    }
}
