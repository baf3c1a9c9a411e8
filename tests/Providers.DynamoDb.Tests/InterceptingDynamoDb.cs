using System.Reflection;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;

namespace LiveTranscription.Providers.DynamoDb.Tests;

/// <summary>
/// An <see cref="IAmazonDynamoDB"/> that forwards every call to a real client, and can run something just before the
/// next PutItem: the way to make another writer land between a provider's read and its conditional write, on demand.
/// </summary>
public class InterceptingDynamoDb : DispatchProxy
{
    private IAmazonDynamoDB _inner = null!;
    private Func<PutItemRequest, Task>? _beforeNextPut;

    public int Puts { get; private set; }

    public static (IAmazonDynamoDB Client, InterceptingDynamoDb Control) Wrap(IAmazonDynamoDB inner)
    {
        var client = Create<IAmazonDynamoDB, InterceptingDynamoDb>();
        var control = (InterceptingDynamoDb)(object)client;
        control._inner = inner;
        return (client, control);
    }

    /// <summary>Runs <paramref name="action"/> once, before the next PutItem is sent.</summary>
    public void BeforeNextPut(Func<PutItemRequest, Task> action) => _beforeNextPut = action;

    protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
    {
        ArgumentNullException.ThrowIfNull(targetMethod);
        if (targetMethod.Name == nameof(IAmazonDynamoDB.PutItemAsync) && args is [PutItemRequest request, CancellationToken token])
        {
            return PutAsync(request, token);
        }

        try
        {
            return targetMethod.Invoke(_inner, args);
        }
        catch (TargetInvocationException e) when (e.InnerException is not null)
        {
            throw e.InnerException;
        }
    }

    private async Task<PutItemResponse> PutAsync(PutItemRequest request, CancellationToken cancellationToken)
    {
        Puts++;
        if (Interlocked.Exchange(ref _beforeNextPut, null) is { } before)
        {
            await before(request);
        }

        return await _inner.PutItemAsync(request, cancellationToken);
    }
}
