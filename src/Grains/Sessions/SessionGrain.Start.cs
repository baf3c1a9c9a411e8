using System.Security.Cryptography;
using System.Text;
using LiveTranscription.Grains.Abstractions.Protocol;
using LiveTranscription.Grains.Abstractions.Sessions;
using LiveTranscription.Grains.Archive;
using LiveTranscription.Grains.Audio;
using LiveTranscription.Grains.Engines;

namespace LiveTranscription.Grains.Sessions;

internal sealed partial class SessionGrain
{
    public async Task<StartResult> StartAsync(StartSessionCommand command)
    {
        if (!_validId)
        {
            throw Error(ErrorCode.InvalidRequest, "sessionId must be a UUID.");
        }

        switch (_state)
        {
            case SessionState.None:
                return await StartNewAsync(command);
            case SessionState.Starting or SessionState.Active or SessionState.Paused:
                return Rejoin(command);
            case SessionState.Failed when _startFailed:
                // The start failed for a passing reason (archive or engine unavailable) and the client
                // retries with the same id, as retryAfter told it to: start afresh.
                ResetAfterFailedStart();
                return await StartNewAsync(command);
            default:
                throw Error(ErrorCode.InvalidSessionState, $"Session {_sessionId} has ended ({_state.ToString().ToLowerInvariant()}); start a new session with a new id.");
        }
    }

    /// <summary>A retry by the same connection gets the same ack; another connection needs the resume token.</summary>
    private StartResult Rejoin(StartSessionCommand command)
    {
        if (IsSpeaker(command.Caller))
        {
            // A retry, or the speaker's gateway reopening the session on a successor: the speaker is back.
            _speakerConnected = true;
            DisposeTimer(ref _graceTimer);
            return new StartResult(BuildAck(resumed: false), _observers.Sequence);
        }

        if (command.ResumeToken is null || !TokenMatches(command.ResumeToken))
        {
            throw Error(ErrorCode.NotSessionOwner, "The session belongs to another connection; resuming needs its resumeToken.");
        }

        var previous = _speaker;
        _speaker = command.Caller;
        _speakerConnected = true;
        DisposeTimer(ref _graceTimer);
        _records?.PutRecord(BuildRecord()); // a successor must know the new speaker connection
        SessionLog.SpeakerResumed(_logger, _sessionId, command.Caller.ConnectionId, previous?.ConnectionId, _lastSequence);
        return new StartResult(BuildAck(resumed: true), _observers.Sequence);
    }

    private async Task<StartResult> StartNewAsync(StartSessionCommand command)
    {
        if (AudioEncodings.CheckRate(command.Encoding, command.SampleRate) is { } unsupported)
        {
            throw Error(ErrorCode.InvalidAudioFormat, unsupported);
        }

        var engine = _engines.Find(command.Engine)
            ?? throw Error(ErrorCode.InvalidRequest, $"Unknown engine '{command.Engine}'; available: {string.Join(", ", _engines.Names)}.");
        if (!engine.SupportsLanguage(command.LanguageCode))
        {
            throw Error(ErrorCode.InvalidRequest, $"The {engine.Name} engine does not support language '{command.LanguageCode}'.");
        }

        if (engine.CheckSampleRate(command.SampleRate) is { } rateProblem)
        {
            throw Error(ErrorCode.InvalidAudioFormat, rateProblem);
        }

        if (!_capacity.TryAcquire())
        {
            SessionLog.CapacityReached(_logger, _sessionId, _capacity.Limit);
            throw Error(ErrorCode.SessionLimitExceeded, $"This server is at its limit of {_capacity.Limit} active sessions.", recoverable: true, retryAfter: _capacity.RetryAfter);
        }

        _capacityHeld = true;
        _metrics.SessionStarted();
        var now = Now;
        _createdAt = now;
        _settings = new SessionSettings(command.Caller.UserId, command.Quality, command.SampleRate, command.Encoding, command.LanguageCode,
            engine.Name, Guid.NewGuid().ToString("D"), now, NewResumeToken());
        _speaker = command.Caller;
        _speakerConnected = true;
        _lastAudioAt = _time.GetTimestamp();
        DisposeTimer(ref _unusedTimer);
        _records = CreateRecordWriter();
        Transition(SessionState.Starting, "start requested");

        try
        {
            _archive = await _archiveStore.CreateAsync(
                new ArchiveRequest(_sessionId, _settings.UserId, now, _settings.SampleRate, _settings.Encoding, Context.Epoch), Context.Deactivating);
            _audioKeys.Add(_archive.Key);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            SessionLog.ArchiveFailed(_logger, _sessionId, ex);
            await FailStartAsync("audio archive unavailable");
            throw Error(ErrorCode.StorageError, "The audio archive cannot be written; the session was not started.", recoverable: true, retryAfter: TimeSpan.FromSeconds(5));
        }

        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(Context.Deactivating);
            timeout.CancelAfter(_options.EngineStartTimeout);
            var generation = ++_engineGeneration;
            _engine = await engine.StartStreamAsync(
                new EngineStreamOptions(_sessionId, _settings.LanguageCode, _settings.SampleRate), new EngineSink(this, generation), timeout.Token);
        }
        catch (Exception ex)
        {
            SessionLog.EngineStartFailed(_logger, _sessionId, engine.Name, ex);
            await FailStartAsync("speech engine unavailable");
            throw Error(ErrorCode.TranscribeServiceError, $"The {engine.Name} speech engine could not start.", recoverable: true, retryAfter: TimeSpan.FromSeconds(5));
        }

        _input = AudioInput.Create(_settings.Encoding, _settings.SampleRate, _options.Audio);
        _resampler = new PolyphaseResampler(_settings.SampleRate, _engine.SampleRate);
        Transition(SessionState.Active, "started");
        ArmLiveTimers();
        SessionLog.Started(_logger, _sessionId, _settings.UserId, _settings.Engine, _settings.Encoding, _settings.SampleRate, _settings.LanguageCode);
        return new StartResult(BuildAck(resumed: false), _observers.Sequence);
    }

    private async Task FailStartAsync(string reason)
    {
        _startFailed = true;
        _reason = reason;
        Transition(SessionState.Failed, reason);
        await DisposeEngineAsync();
        DisposeInput();
        if (_archive is not null)
        {
            await _archive.DisposeAsync();
        }

        ReleaseCapacity();
        _records?.Complete();
        _completion = BuildCompletion();
        ArmRetireTimer();
    }

    private void ResetAfterFailedStart()
    {
        DisposeTimer(ref _retireTimer);
        _records?.Complete();
        _records = null;
        _state = SessionState.None;
        _startFailed = false;
        _reason = null;
        _completion = null;
        _finishing = null;
        _archive = null;
        _audioKey = null;
        _audioKeys.Clear();
        _lastSequence = -1;
        _audioDuration = TimeSpan.Zero;
    }

    private SessionAck BuildAck(bool resumed)
    {
        var s = _settings!;
        return new SessionAck
        {
            SessionId = _sessionId,
            JobId = s.TranscriptionId,
            SampleRate = s.SampleRate,
            Encoding = s.Encoding,
            Quality = s.Quality,
            LanguageCode = s.LanguageCode,
            Engine = s.Engine,
            State = _state,
            ResumeToken = s.ResumeToken,
            LastSequence = _lastSequence,
            Resumed = resumed,
            Finals = resumed ? PublishedFinals() : [],
            Partial = resumed ? PublishedPartial() : null,
            Timestamp = Now,
        };
    }

    private bool TokenMatches(string token)
        => CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(token), Encoding.UTF8.GetBytes(_settings!.ResumeToken));

    private static string NewResumeToken() => Base64Url(RandomNumberGenerator.GetBytes(24));

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
