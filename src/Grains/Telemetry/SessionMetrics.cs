using System.Diagnostics.Metrics;
using LiveTranscription.Grains.Abstractions.Protocol;

namespace LiveTranscription.Grains.Telemetry;

/// <summary>
/// Metrics of the session pipeline (meter <c>LiveTranscription.Sessions</c>). Latencies are measured
/// from the moment the audio they describe reached the session.
/// </summary>
public sealed class SessionMetrics
{
    public const string MeterName = "LiveTranscription.Sessions";

    private readonly Histogram<double> _firstPartialLatency;
    private readonly Histogram<double> _finalLatency;
    private readonly Histogram<double> _chunkProcessing;
    private readonly UpDownCounter<int> _active;
    private readonly Counter<long> _ended;
    private readonly Counter<long> _errors;
    private readonly Counter<double> _audioSeconds;
    private readonly Counter<long> _moved;

    public SessionMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(MeterName);
        _firstPartialLatency = meter.CreateHistogram<double>("livetranscription.session.first_partial_latency", "ms", "Speech onset (arrival of the segment's first audio) to its first partial.");
        _finalLatency = meter.CreateHistogram<double>("livetranscription.session.final_latency", "ms", "Arrival of a segment's last audio to its final.");
        _chunkProcessing = meter.CreateHistogram<double>("livetranscription.grain.chunk_processing_time", "ms", "Grain turn for one audio chunk: validate, decode (Opus), resample, spool, queue; by encoding.");
        _active = meter.CreateUpDownCounter<int>("livetranscription.sessions.active", description: "Live sessions on this silo.");
        _ended = meter.CreateCounter<long>("livetranscription.sessions.ended", description: "Sessions that ended, by final state.");
        _errors = meter.CreateCounter<long>("livetranscription.session.errors", description: "Protocol errors raised by sessions, by code.");
        _audioSeconds = meter.CreateCounter<double>("livetranscription.session.audio", "s", "Audio accepted.");
        _moved = meter.CreateCounter<long>("livetranscription.sessions.moved", description: "Sessions moving between silos: handed over (drain), taken over after a drain or a death, dropped (eviction).");
    }

    public void FirstPartialLatency(TimeSpan latency, string engine) => _firstPartialLatency.Record(latency.TotalMilliseconds, new KeyValuePair<string, object?>("engine", engine));

    public void FinalLatency(TimeSpan latency, string engine) => _finalLatency.Record(latency.TotalMilliseconds, new KeyValuePair<string, object?>("engine", engine));

    public void ChunkProcessed(TimeSpan elapsed, TimeSpan audio, string encoding)
    {
        var tag = new KeyValuePair<string, object?>("encoding", encoding);
        _chunkProcessing.Record(elapsed.TotalMilliseconds, tag);
        _audioSeconds.Add(audio.TotalSeconds, tag);
    }

    public void SessionStarted() => _active.Add(1);

    public void SessionEnded(SessionState state)
    {
        _active.Add(-1);
        _ended.Add(1, new KeyValuePair<string, object?>("state", state.ToString()));
    }

    /// <summary>A live session left this silo without ending (handed over or dropped): no longer active here.</summary>
    public void SessionLeft() => _active.Add(-1);

    public void Moved(string how) => _moved.Add(1, new KeyValuePair<string, object?>("how", how));

    public void Error(ErrorCode code) => _errors.Add(1, new KeyValuePair<string, object?>("code", code.ToString()));
}
