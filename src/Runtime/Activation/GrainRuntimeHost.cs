using Microsoft.Extensions.Hosting;

namespace LiveTranscription.Runtime.Activation;

/// <summary>Deactivates every activation when the host stops, so grains can finish cleanly.</summary>
internal sealed class GrainRuntimeHost(ActivationCatalog catalog) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => catalog.DeactivateAllAsync().WaitAsync(cancellationToken);
}
