namespace LiveTranscription.Runtime.Grains;

/// <summary>What a silo host needs from the runtime: its activations, and deactivating them (drain, eviction).</summary>
public interface IGrainRuntime
{
    /// <summary>The grains with a live activation on this silo.</summary>
    IReadOnlyCollection<GrainId> ActiveGrains { get; }

    /// <summary>The directory epoch of the grain's activation here, or null if it has none.</summary>
    long? EpochOf(GrainId id);

    /// <summary>Deactivates one grain once its current request completes; completes when it is gone.</summary>
    Task DeactivateAsync(GrainId id, DeactivationReason reason);

    /// <summary>Deactivates every grain.</summary>
    Task DeactivateAllAsync(DeactivationReason reason);
}
