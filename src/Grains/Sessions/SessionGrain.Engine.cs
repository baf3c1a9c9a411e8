using LiveTranscription.Grains.Abstractions.Protocol;
using LiveTranscription.Grains.Abstractions.Sessions;
using LiveTranscription.Grains.Engines;
using LiveTranscription.Grains.Records;

namespace LiveTranscription.Grains.Sessions;

internal sealed partial class SessionGrain
{
    private void OnEngineResult(EngineResult result, int generation)
    {
        if (generation != _engineGeneration || _settings is null)
        {
            return; // from a stream that was replaced or closed
        }

        if (_transcript.Apply(result, _engineOffset, Now) is { } evt)
        {
            PublishTranscript(evt);
        }
    }

    /// <summary>
    /// Partials go out at once. A final goes out once it is stored (and the partials that followed it wait behind it),
    /// so a successor activation never re-issues a segment id a reader already saw as final: exactly once across a
    /// failover, for one store write (~10 ms on DynamoDB) of extra final latency.
    /// </summary>
    private void PublishTranscript(TranscriptEvent evt)
    {
        RecordLatency(evt);
        if (_records is null || _storeFailing || (evt.IsPartial && _held.Count == 0))
        {
            Emit(evt);
        }
        else
        {
            _held.Enqueue(evt);
        }

        if (!evt.IsPartial)
        {
            _records?.AppendSegment(
                new TranscriptSegment(evt.SegmentId, evt.Text, evt.StartTime, evt.EndTime, evt.Confidence, evt.Timestamp),
                () => Post(() =>
                {
                    ReleaseHeld(all: false);
                    return Task.CompletedTask;
                }));
            _records?.PutRecord(BuildRecord());
            _partialPersistedAt = _time.GetTimestamp();
        }
        else if (evt.Text.Length > 0 && (_partialPersistedAt is not { } at || _time.GetElapsedTime(at) >= _options.PartialPersistInterval))
        {
            _records?.PutRecord(BuildRecord()); // the latest partial, for recovery
            _partialPersistedAt = _time.GetTimestamp();
        }
    }

    /// <summary>Publishes the oldest held final and the partials behind it (<paramref name="all"/>: everything held).</summary>
    private void ReleaseHeld(bool all)
    {
        if (_held.Count > 0 && !_held.Peek().IsPartial)
        {
            Emit(_held.Dequeue());
        }

        while (_held.TryPeek(out var next) && (all || next.IsPartial))
        {
            Emit(_held.Dequeue());
        }
    }

    private void Emit(TranscriptEvent evt)
    {
        if (!evt.IsPartial)
        {
            _publishedFinals++;
        }

        _observers.Publish(Audience.Everyone, null, "transcript", evt);
    }

    /// <summary>The finals readers have been sent (a join or resume ack carries these; later ones follow as events).</summary>
    private List<TranscriptEvent> PublishedFinals() => [.. _transcript.Finals.Take(_publishedFinals)];

    private TranscriptEvent? PublishedPartial() => _held.Count == 0 ? _transcript.Partial : null;

    private void RecordLatency(TranscriptEvent evt)
    {
        if (evt.Text.Length == 0)
        {
            return;
        }

        if (evt.IsPartial && evt.SegmentId != _latencyPartialSegment)
        {
            _latencyPartialSegment = evt.SegmentId;
            if (_arrivals.ArrivalOf(TimeSpan.FromSeconds(evt.StartTime)) is { } onset)
            {
                _metrics.FirstPartialLatency(_time.GetElapsedTime(onset), _settings!.Engine);
            }
        }
        else if (!evt.IsPartial && _arrivals.ArrivalOf(TimeSpan.FromSeconds(evt.EndTime)) is { } end)
        {
            _metrics.FinalLatency(_time.GetElapsedTime(end), _settings!.Engine);
        }
    }

    private async Task OnEngineFailedAsync(Exception error, int generation)
    {
        if (generation != _engineGeneration || _state.IsTerminal())
        {
            return;
        }

        SessionLog.EngineFailed(_logger, _sessionId, error);
        _engineFailure = "speech engine failed";
        if (error is EngineCapacityException)
        {
            // The speech service's quota, not this server's: the client may start again later.
            PublishError(new SessionException(ErrorCode.SessionLimitExceeded, "The speech service is at its concurrency limit; start a new session later.",
                recoverable: true, retryAfter: TimeSpan.FromSeconds(30)));
        }

        if (_state == SessionState.Ending)
        {
            return; // the ending in progress sees _engineFailure and fails the session
        }

        await FinishAsync(SessionState.Failed, "speech engine failed");
    }

    /// <summary>Brings engine output (from the engine's thread) into the grain's turns.</summary>
    private sealed class EngineSink(SessionGrain grain, int generation) : IEngineResultSink
    {
        public void OnResult(EngineResult result) => grain.Post(() =>
        {
            grain.OnEngineResult(result, generation);
            return Task.CompletedTask;
        });

        public void OnError(Exception error) => grain.Post(() => grain.OnEngineFailedAsync(error, generation));
    }
}
