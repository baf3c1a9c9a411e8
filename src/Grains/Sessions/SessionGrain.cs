using LiveTranscription.Grains.Abstractions.Protocol;
using LiveTranscription.Grains.Abstractions.Sessions;
using LiveTranscription.Grains.Archive;
using LiveTranscription.Grains.Audio;
using LiveTranscription.Grains.Engines;
using LiveTranscription.Grains.Records;
using LiveTranscription.Grains.Storage;
using LiveTranscription.Grains.Telemetry;
using LiveTranscription.Grains.Transcript;
using LiveTranscription.Runtime.Grains;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace LiveTranscription.Grains.Sessions;

/// <summary>
/// The per-session actor. Owns the audio pipeline (validation, resampling, archive spool, bounded engine
/// buffer), one engine stream, the transcript, the listeners and the lifecycle timers. All state is
/// touched only inside turns; engine results come back as posted turns. Split by concern:
/// Start, Audio, Control (pause/resume/end), Listeners, Timers, Engine.
/// </summary>
internal sealed partial class SessionGrain : Grain, ISessionGrain
{
    private readonly ILogger<SessionGrain> _logger;
    private readonly SessionOptions _options;
    private readonly StorageOptions _storageOptions;
    private readonly EngineCatalog _engines;
    private readonly ISessionStore _store;
    private readonly IAudioArchive _archiveStore;
    private readonly SessionCapacity _capacity;
    private readonly SessionMetrics _metrics;
    private readonly TimeProvider _time;
    private readonly ListenerRegistry _listeners = new();
    private readonly ArrivalTracker _arrivals = new();

    private string _sessionId = string.Empty;
    private bool _validId;
    private SessionState _state = SessionState.None;
    private SessionSettings? _settings;
    private ClientRef? _speaker;
    private bool _speakerConnected;
    private long _lastSequence = -1;
    private TimeSpan _audioDuration;
    private long _lastAudioAt;
    private AudioInput? _input;
    private PolyphaseResampler? _resampler;
    private short[] _resampleBuffer = [];
    private IEngineStream? _engine;
    private int _engineGeneration;
    private IAudioArchiveWriter? _archive;
    private string? _audioKey;
    private TranscriptAssembler _transcript = new(string.Empty);
    private SessionObservers _observers = null!;
    private SessionRecordWriter? _records;
    private DateTimeOffset _createdAt;
    private Task<SessionComplete>? _finishing;
    private SessionComplete? _completion;
    private string? _reason;
    private bool _capacityHeld;
    private string? _engineFailure;
    private bool _startFailed;
    private long _latencyPartialSegment = -1;
    private long? _partialPersistedAt;
    private readonly Queue<TranscriptEvent> _held = new();
    private int _publishedFinals;
    private bool _storeFailing;
    private readonly List<string> _audioKeys = [];
    private TimeSpan _partStart;
    private TimeSpan _engineOffset;
    private bool _resumedWhilePaused;

    public SessionGrain(
        ILogger<SessionGrain> logger,
        IOptions<SessionOptions> options,
        IOptions<StorageOptions> storageOptions,
        EngineCatalog engines,
        ISessionStore store,
        IAudioArchive archive,
        SessionCapacity capacity,
        SessionMetrics metrics,
        TimeProvider time)
    {
        _logger = logger;
        _options = options.Value;
        _storageOptions = storageOptions.Value;
        _engines = engines;
        _store = store;
        _archiveStore = archive;
        _capacity = capacity;
        _metrics = metrics;
        _time = time;
    }

    private DateTimeOffset Now => _time.GetUtcNow();

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _sessionId = GrainKey;
        _validId = SessionIds.Normalize(_sessionId) == _sessionId;
        _transcript = new TranscriptAssembler(_sessionId);
        _observers = new SessionObservers(_sessionId, _logger, Context.Epoch);
        if (_validId && await _store.GetRecordAsync(_sessionId, cancellationToken) is { } record)
        {
            await RestoreAsync(record, cancellationToken);
            return;
        }

        ArmUnusedTimer();
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        if (reason == DeactivationReason.Evicted)
        {
            await DropAsync();
            return;
        }

        if (reason == DeactivationReason.HandOver && _state.IsLive())
        {
            await HandOverAsync(cancellationToken);
        }
        else if (_state.IsLive())
        {
            // Embedded mode has nowhere to hand a session to: it ends, transcript kept.
            await FinishAsync(SessionState.Failed, "server shutting down");
        }
        else if (_finishing is not null)
        {
            await _finishing.WaitAsync(cancellationToken);
        }

        await DisposeEngineAsync();
        DisposeInput();
        if (_archive is not null)
        {
            await _archive.DisposeAsync();
        }

        _records?.Complete();
    }

    /// <summary>A record exists: the session ran before this activation.</summary>
    private async Task RestoreAsync(SessionRecord record, CancellationToken cancellationToken)
    {
        _settings = new SessionSettings(record.UserId, record.Quality, record.SampleRate, record.Encoding, record.LanguageCode,
            record.Engine, record.TranscriptionId, record.CreatedAt, string.Empty);
        _createdAt = record.CreatedAt;
        _audioDuration = TimeSpan.FromSeconds(record.DurationSeconds);
        _lastSequence = record.LastSequence;
        _audioKey = record.AudioKey;
        _reason = record.Reason;
        var segments = await _store.GetSegmentsAsync(_sessionId, cancellationToken);
        _transcript.Restore(segments.Select(ToEvent));
        _publishedFinals = _transcript.Finals.Count;
        _audioKeys.AddRange(record.AudioKeys ?? (record.AudioKey is { } k ? [k] : []));

        if (record.Status == SessionRecordStatus.InProgress && _options.ResumeInProgress && record.Resume is { } resume)
        {
            await ResumeInProgressAsync(record, resume, cancellationToken);
            return;
        }

        if (record.Status == SessionRecordStatus.InProgress)
        {
            // The process that ran it died before the end. Embedded mode cannot resume the engine, so the session fails
            // with what was stored; an archive object still in the spool (S3) is finished from it, up to the last
            // acknowledged chunk. (Cluster mode takes the session over instead.)
            _state = SessionState.Failed;
            _reason = "the server stopped before the session ended";
            await FinishOrphanedArchiveAsync(record, cancellationToken);
            _records = CreateRecordWriter();
            if (record.Partial is { } partial && partial.SegmentId == _transcript.NextSegmentId)
            {
                // What the speaker last saw of the unfinished utterance becomes its final.
                _transcript.Restore([ToEvent(partial)]);
                _records.AppendSegment(partial);
            }

            _records.PutRecord(BuildRecord());
            _records.Complete();
            SessionLog.Orphaned(_logger, _sessionId, _transcript.Finals.Count);
        }
        else
        {
            _state = record.Status == SessionRecordStatus.Completed ? SessionState.Completed : SessionState.Failed;
        }

        _publishedFinals = _transcript.Finals.Count; // an ended session has nothing held back
        _completion = BuildCompletion();
        ArmRetireTimer();
    }

    private async Task FinishOrphanedArchiveAsync(SessionRecord record, CancellationToken cancellationToken)
    {
        if (_audioKeys.Count == 0)
        {
            return;
        }

        var request = new ArchiveRequest(_sessionId, record.UserId, record.CreatedAt, record.SampleRate, record.Encoding, Context.Epoch);
        if (await _archiveStore.RecoverAsync(_audioKeys[^1], request, tailFrom: 0, maxTail: TimeSpan.Zero, cancellationToken) is { } recovered
            && recovered.LastSequence >= _lastSequence)
        {
            _lastSequence = recovered.LastSequence;
            _audioDuration = TimeSpan.FromSeconds(record.Resume?.PartStartSeconds ?? 0) + TimeSpan.FromSeconds((double)recovered.Samples / record.SampleRate);
        }
    }

    private SessionRecordWriter CreateRecordWriter() => new(
        _store, _sessionId, Context.Epoch, _time, _logger, _storageOptions.MaxRetryDuration,
        onFenced: ex => Post(() => OnFencedAsync(ex)),
        onFailing: ex => Post(() =>
        {
            // Finals wait for their write before they are shown (exactly once across a failover); with the store
            // down they are shown at once instead, so the speaker keeps seeing the transcript.
            _storeFailing = true;
            ReleaseHeld(all: true);
            PublishError(new SessionException(ErrorCode.StorageError, "Session records cannot be written right now; the session continues and they will catch up.", recoverable: true));
            return Task.CompletedTask;
        }),
        onRecovered: () => Post(() =>
        {
            _storeFailing = false;
            return Task.CompletedTask;
        }));

    /// <summary>A newer activation owns the session: stop emitting and let go without writing.</summary>
    private async Task OnFencedAsync(Exception reason)
    {
        SessionLog.Fenced(_logger, _sessionId, Context.Epoch, reason);
        _observers = new SessionObservers(_sessionId, _logger, Context.Epoch); // emit nothing more
        await DisposeEngineAsync();
        ReleaseCapacity();
        DeactivateOnIdle();
    }

    private void EnsureExists()
    {
        if (_state == SessionState.None)
        {
            if (_observers.Count == 0)
            {
                DeactivateOnIdle(); // nothing to keep for an unknown id
            }

            throw Error(ErrorCode.SessionNotFound, $"Session {_sessionId} does not exist.");
        }
    }

    /// <summary>The caller must be the speaker of a session that has not ended.</summary>
    private void EnsureSpeakerOfLiveSession(ClientRef caller)
    {
        EnsureExists();
        if (_state.IsTerminal() || _state == SessionState.Ending)
        {
            throw Error(ErrorCode.InvalidSessionState, $"Session {_sessionId} has ended ({_state.ToString().ToLowerInvariant()}).");
        }

        if (!IsSpeaker(caller))
        {
            throw Error(ErrorCode.NotSessionOwner, "Only the connection that started the session may send audio or control it.");
        }
    }

    private bool IsSpeaker(ClientRef client)
        => _speaker is not null && _speaker.GatewayId == client.GatewayId && _speaker.ConnectionId == client.ConnectionId;

    private SessionException Error(ErrorCode code, string message, bool recoverable = false, TimeSpan? retryAfter = null, long? expectedSequence = null)
    {
        _metrics.Error(code);
        return new SessionException(code, message, recoverable, retryAfter, expectedSequence);
    }

    private void PublishError(SessionException error)
    {
        _metrics.Error(error.Code);
        if (_speaker is not null)
        {
            _observers.Publish(Audience.Speaker, _speaker, "error", error.ToEvent(_sessionId, Now));
        }
    }

    private void Transition(SessionState to, string reason)
    {
        if (!SessionStateMachine.CanTransition(_state, to))
        {
            throw new InvalidOperationException($"Session {_sessionId}: no transition {_state} → {to}.");
        }

        SessionLog.StateChanged(_logger, _sessionId, _state, to, reason);
        _state = to;
        _observers.Publish(Audience.Everyone, null, "sessionState", new SessionStateEvent(_sessionId, to, reason, Now));
        _records?.PutRecord(BuildRecord());
    }

    private SessionRecord BuildRecord()
    {
        var s = _settings!;
        return new SessionRecord
        {
            SessionId = _sessionId,
            UserId = s.UserId,
            Status = _state switch
            {
                SessionState.Completed => SessionRecordStatus.Completed,
                SessionState.Failed => SessionRecordStatus.Failed,
                _ => SessionRecordStatus.InProgress,
            },
            CreatedAt = _createdAt,
            UpdatedAt = Now,
            SampleRate = s.SampleRate,
            Quality = s.Quality,
            Encoding = s.Encoding,
            LanguageCode = s.LanguageCode,
            Engine = s.Engine,
            TranscriptionId = s.TranscriptionId,
            AudioKey = _audioKeys.Count > 0 ? _audioKeys[0] : _audioKey ?? _archive?.Key,
            AudioKeys = _audioKeys.Count > 1 ? [.. _audioKeys] : null,
            DurationSeconds = Math.Round(_audioDuration.TotalSeconds, 3),
            WordCount = _transcript.WordCount,
            SegmentCount = _transcript.Finals.Count,
            LastSequence = _lastSequence,
            Reason = _reason,
            Epoch = Context.Epoch,
            Partial = _transcript.Partial is { Text.Length: > 0 } p ? new TranscriptSegment(p.SegmentId, p.Text, p.StartTime, p.EndTime, p.Confidence, p.Timestamp) : null,
            Resume = _state.IsLive() && _speaker is { } speaker
                ? new SessionResumeState(s.ResumeToken, speaker.GatewayId, speaker.ConnectionId, _state == SessionState.Paused, [.. _audioKeys], _partStart.TotalSeconds)
                : null,
        };
    }

    private SessionStatus BuildStatus() => new()
    {
        SessionId = _sessionId,
        State = _state,
        StartedAt = _settings?.StartedAt,
        DurationSeconds = Math.Round(_audioDuration.TotalSeconds, 3),
        ListenerCount = _listeners.Count,
        ListenersByLanguage = _listeners.ByLanguage(),
        WordCount = _transcript.WordCount,
        LastSequence = _lastSequence,
        Timestamp = Now,
    };

    private SessionComplete BuildCompletion() => new()
    {
        SessionId = _sessionId,
        TranscriptionId = _settings!.TranscriptionId,
        AudioKey = _audioKeys.Count > 0 ? _audioKeys[0] : _audioKey,
        TotalDuration = Math.Round(_audioDuration.TotalSeconds, 3),
        WordCount = _transcript.WordCount,
        State = _state,
        Reason = _reason,
        Timestamp = Now,
    };

    private TranscriptEvent ToEvent(TranscriptSegment s) => new()
    {
        SessionId = _sessionId,
        SegmentId = s.SegmentId,
        IsPartial = false,
        Text = s.Text,
        StartTime = s.StartTime,
        EndTime = s.EndTime,
        Confidence = s.Confidence,
        Timestamp = s.CreatedAt,
    };

    private void ReleaseCapacity()
    {
        if (_capacityHeld)
        {
            _capacityHeld = false;
            _capacity.Release();
            _metrics.SessionEnded(_state);
        }
    }
}
