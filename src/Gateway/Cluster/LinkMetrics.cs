using System.Diagnostics.Metrics;

namespace LiveTranscription.Gateway.Cluster;

/// <summary>
/// The gateway's link metrics (meter <c>LiveTranscription.Cluster</c>): how long calls take through the link (the
/// cluster's extra latency per chunk), and how long a session's stream was interrupted when it moved (failover, drain).
/// </summary>
internal sealed class LinkMetrics
{
    public const string MeterName = "LiveTranscription.Cluster";

    private readonly Histogram<double> _callTime;
    private readonly Histogram<double> _interruption;

    public LinkMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(MeterName);
        _callTime = meter.CreateHistogram<double>("livetranscription.link.call_time", "ms", "A grain call through the link, gateway side, reconnects included; by method (Audio for chunks).");
        _interruption = meter.CreateHistogram<double>("livetranscription.link.interruption", "s", "From a session's stream breaking to its reopening on the (new) owner.");
    }

    public void Call(string method, TimeSpan elapsed) => _callTime.Record(elapsed.TotalMilliseconds, new KeyValuePair<string, object?>("method", method));

    public void Interrupted(TimeSpan gap, string reason) => _interruption.Record(gap.TotalSeconds, new KeyValuePair<string, object?>("reason", reason));
}
