using System.Collections.Concurrent;
using System.Reflection;
using LiveTranscription.Runtime.Grains;

namespace LiveTranscription.Runtime.Activation;

/// <summary>
/// Implements a grain interface at run time: every call becomes a request in the grain's mailbox.
/// Grain interface methods must return <see cref="Task"/> or <see cref="Task{TResult}"/>.
/// </summary>
public class GrainProxy : DispatchProxy
{
    private static readonly ConcurrentDictionary<MethodInfo, Func<GrainInvoker, GrainId, object?[], object>> Invokers = new();
    private static readonly MethodInfo TypedInvoke = typeof(GrainProxy).GetMethod(nameof(InvokeTyped), BindingFlags.NonPublic | BindingFlags.Static)!;

    private GrainInvoker? _invoker;
    private GrainId _id;

    internal static TGrain Create<TGrain>(GrainInvoker invoker, GrainId id) where TGrain : class
    {
        var proxy = Create<TGrain, GrainProxy>();
        var self = (GrainProxy)(object)proxy;
        self._invoker = invoker;
        self._id = id;
        return proxy;
    }

    /// <inheritdoc />
    protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
    {
        ArgumentNullException.ThrowIfNull(targetMethod);
        var invoke = Invokers.GetOrAdd(targetMethod, Build);
        return invoke(_invoker!, _id, args ?? []);
    }

    private static Func<GrainInvoker, GrainId, object?[], object> Build(MethodInfo method)
    {
        var returnType = method.ReturnType;
        if (returnType == typeof(Task))
        {
            return (invoker, id, args) => invoker.InvokeAsync<object?>(id, async grain =>
            {
                await Call<Task>(grain, method, args);
                return null;
            });
        }

        if (returnType.IsGenericType && returnType.GetGenericTypeDefinition() == typeof(Task<>))
        {
            var typed = TypedInvoke.MakeGenericMethod(returnType.GetGenericArguments()[0]);
            return typed.CreateDelegate<Func<GrainInvoker, GrainId, object?[], object>>(method);
        }

        throw new NotSupportedException($"Grain method {method.DeclaringType?.Name}.{method.Name} must return Task or Task<T>.");
    }

    // Bound to the MethodInfo as the delegate's first argument.
    private static object InvokeTyped<T>(MethodInfo method, GrainInvoker invoker, GrainId id, object?[] args)
        => invoker.InvokeAsync(id, grain => Call<Task<T>>(grain, method, args));

    private static TTask Call<TTask>(Grain grain, MethodInfo method, object?[] args) where TTask : Task
    {
        try
        {
            return (TTask)method.Invoke(grain, args)!;
        }
        catch (TargetInvocationException ex) when (ex.InnerException is not null)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(ex.InnerException).Throw();
            throw;
        }
    }
}
