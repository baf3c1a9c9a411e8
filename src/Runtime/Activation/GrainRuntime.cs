using LiveTranscription.Runtime.Grains;

namespace LiveTranscription.Runtime.Activation;

internal sealed class GrainRuntime(ActivationCatalog catalog) : IGrainRuntime
{
    public IReadOnlyCollection<GrainId> ActiveGrains => catalog.Ids;

    public long? EpochOf(GrainId id) => catalog.EpochOf(id);

    public Task DeactivateAsync(GrainId id, DeactivationReason reason) => catalog.DeactivateAsync(id, reason);

    public Task DeactivateAllAsync(DeactivationReason reason) => catalog.DeactivateAllAsync(reason);
}
