using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace LiveTranscription.Gateway.Cluster;

/// <summary>Ready while at least one silo is live (sessions can be placed); unhealthy otherwise.</summary>
internal sealed class ClusterHealthCheck(ClusterView view, SiloLinks links) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var live = view.Live;
        var data = new Dictionary<string, object> { ["liveSilos"] = live.Count, ["sessionLinks"] = links.Count };
        return Task.FromResult(live.Count > 0 ? HealthCheckResult.Healthy("silos live", data) : HealthCheckResult.Unhealthy("no live silo", data: data));
    }
}
