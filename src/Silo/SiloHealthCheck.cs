using LiveTranscription.Grains.Sessions;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace LiveTranscription.Silo;

/// <summary>Ready while the silo has room for sessions; degraded at capacity.</summary>
internal sealed class SiloHealthCheck(SessionCapacity capacity) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var data = new Dictionary<string, object> { ["activeSessions"] = capacity.Active, ["capacity"] = capacity.Limit };
        return Task.FromResult(capacity.Active < capacity.Limit
            ? HealthCheckResult.Healthy("accepting sessions", data)
            : HealthCheckResult.Degraded("at session capacity", data: data));
    }
}
