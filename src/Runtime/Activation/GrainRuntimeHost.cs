using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace LiveTranscription.Runtime.Activation;

/// <summary>Deactivates every activation when the host stops, so grains can finish cleanly.</summary>
internal sealed class GrainRuntimeHost(ActivationCatalog catalog, ILogger<GrainRuntimeHost> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        try
        {
            await catalog.DeactivateAllAsync().WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // The host's shutdown timeout: what did not finish is abandoned (its records keep it in progress).
            RuntimeLog.ShutdownIncomplete(logger, catalog.Count);
        }
    }
}
