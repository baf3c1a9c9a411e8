using System.Collections.Concurrent;
using LiveTranscription.Runtime.Directory;
using LiveTranscription.Runtime.Grains;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace LiveTranscription.Runtime.Activation;

/// <summary>The activations of this silo: at most one per grain id.</summary>
internal sealed class ActivationCatalog(
    IServiceProvider services,
    GrainTypeRegistry types,
    IGrainDirectory directory,
    IOptions<RuntimeOptions> options,
    TimeProvider time,
    ILoggerFactory loggers)
{
    private readonly ConcurrentDictionary<GrainId, GrainActivation> _activations = new();
    private readonly ILogger _logger = loggers.CreateLogger("LiveTranscription.Runtime.Activation");

    /// <summary>Number of live activations.</summary>
    public int Count => _activations.Count;

    public GrainActivation GetOrCreate(GrainId id)
    {
        while (true)
        {
            if (_activations.TryGetValue(id, out var existing))
            {
                return existing;
            }

            // Grain constructors must be free of side effects: a losing racer's instance is dropped.
            var grain = (Grain)ActivatorUtilities.CreateInstance(services, types.ImplementationOf(id.Type));
            var activation = new GrainActivation(id, grain, this, directory, options.Value, time, _logger);
            if (_activations.TryAdd(id, activation))
            {
                activation.Start();
                return activation;
            }
        }
    }

    public void Remove(GrainActivation activation)
        => _activations.TryRemove(KeyValuePair.Create(activation.GrainId, activation));

    /// <summary>Deactivates everything (silo shutdown).</summary>
    public Task DeactivateAllAsync(DeactivationReason reason = DeactivationReason.ShuttingDown)
        => Task.WhenAll(_activations.Values.Select(a => a.DeactivateAsync(reason)));

    public IReadOnlyCollection<GrainId> Ids => [.. _activations.Keys];

    public Task DeactivateAsync(GrainId id, DeactivationReason reason)
        => _activations.TryGetValue(id, out var a) ? a.DeactivateAsync(reason) : Task.CompletedTask;

    public long? EpochOf(GrainId id) => _activations.TryGetValue(id, out var a) ? a.Epoch : null;
}
