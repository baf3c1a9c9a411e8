namespace LiveTranscription.Runtime.Directory;

/// <summary>
/// The grain is owned by another live silo (cluster mode): this silo does not activate it. Callers go to
/// <see cref="OwnerSiloId"/> instead.
/// </summary>
public sealed class GrainOwnedElsewhereException(string grainKey, string ownerSiloId)
    : Exception($"{grainKey} is owned by silo {ownerSiloId}.")
{
    public string OwnerSiloId { get; } = ownerSiloId;
}
