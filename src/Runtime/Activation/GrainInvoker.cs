using LiveTranscription.Runtime.Grains;
using Microsoft.Extensions.Options;

namespace LiveTranscription.Runtime.Activation;

/// <summary>Delivers calls to the local activation of a grain, creating it when needed.</summary>
internal sealed class GrainInvoker(ActivationCatalog catalog, IOptions<RuntimeOptions> options)
{
    public async Task<T> InvokeAsync<T>(GrainId id, Func<Grain, Task<T>> call)
    {
        while (true)
        {
            var activation = catalog.GetOrCreate(id);
            var item = new RequestWorkItem<T>(call);
            if (!activation.TryEnqueue(item))
            {
                // Deactivating: wait until it is gone so the next activation is the only one.
                await activation.Completion.ConfigureAwait(false);
                continue;
            }

            try
            {
                return await item.Task.WaitAsync(options.Value.ResponseTimeout).ConfigureAwait(false);
            }
            catch (ActivationDeactivatedException)
            {
                await activation.Completion.ConfigureAwait(false);
            }
        }
    }
}
