using LiveTranscription.Grains.Abstractions.Protocol;
using LiveTranscription.Grains.Abstractions.Sessions;

namespace LiveTranscription.Grains.Sessions;

internal sealed partial class SessionGrain
{
    public Task PauseAsync(ClientRef caller)
    {
        EnsureSpeakerOfLiveSession(caller);
        switch (_state)
        {
            case SessionState.Paused:
                return Task.CompletedTask; // idempotent
            case SessionState.Active:
                _engine!.EndUtterance(); // what was said so far becomes final
                Transition(SessionState.Paused, "paused by speaker");
                return Task.CompletedTask;
            default:
                throw Error(ErrorCode.InvalidSessionState, $"Cannot pause a session that is {_state.ToString().ToLowerInvariant()}.");
        }
    }

    public Task ResumeAsync(ClientRef caller)
    {
        EnsureSpeakerOfLiveSession(caller);
        switch (_state)
        {
            case SessionState.Active:
                return Task.CompletedTask; // idempotent
            case SessionState.Paused:
                Transition(SessionState.Active, "resumed by speaker");
                return Task.CompletedTask;
            default:
                throw Error(ErrorCode.InvalidSessionState, $"Cannot resume a session that is {_state.ToString().ToLowerInvariant()}.");
        }
    }

    public async Task<SessionComplete> EndAsync(ClientRef caller)
    {
        EnsureExists();
        if (_completion is not null && IsSpeaker(caller))
        {
            return _completion; // a retried EndSession
        }

        if (_finishing is not null && IsSpeaker(caller))
        {
            return await _finishing;
        }

        EnsureSpeakerOfLiveSession(caller);
        return await FinishAsync(SessionState.Completed, "ended by speaker");
    }

    /// <summary>Ends the session once; concurrent callers share the same completion.</summary>
    private Task<SessionComplete> FinishAsync(SessionState finalState, string reason)
        => _finishing ??= FinishCoreAsync(finalState, reason);

    private async Task<SessionComplete> FinishCoreAsync(SessionState finalState, string reason)
    {
        _reason = reason;
        Transition(SessionState.Ending, reason);
        DisposeLiveTimers();

        if (_engine is not null)
        {
            try
            {
                using var timeout = new CancellationTokenSource(_options.FlushTimeout);
                await _engine.FlushAsync(timeout.Token);
                await DrainPostedAsync(); // the engine posted its last results before the flush completed: apply them first
            }
            catch (Exception ex)
            {
                SessionLog.FlushFailed(_logger, _sessionId, ex);
                _engineFailure ??= "speech engine did not finish the audio";
            }

            if (_engineFailure is not null)
            {
                // Acknowledged audio was not (fully) transcribed: the session fails, saying so.
                finalState = SessionState.Failed;
                reason = _engineFailure;
                _reason = reason;
                PublishError(new SessionException(ErrorCode.TranscribeServiceError, $"The {_settings!.Engine} engine failed: the transcript may miss the end of the audio, which is archived."));
            }

            if (_transcript.PromotePartial(Now) is { } promoted)
            {
                PublishTranscript(promoted);
            }

            await DisposeEngineAsync();
        }

        DisposeInput();
        if (_archive is not null)
        {
            try
            {
                var archived = await _archive.CompleteAsync(CancellationToken.None);
                _audioKey = archived.Key;
            }
            catch (Exception ex)
            {
                _audioKey = _archive.Key;
                SessionLog.ArchiveFailed(_logger, _sessionId, ex);
                PublishError(new SessionException(ErrorCode.StorageError, "The audio archive could not be finalized; the transcript is kept."));
            }
        }

        Transition(finalState, reason);
        ReleaseCapacity();
        _completion = BuildCompletion();
        if (_records is not null)
        {
            _records.PutRecord(BuildRecord());
            if (!await _records.DrainAsync(_options.RecordDrainTimeout))
            {
                SessionLog.RecordsPending(_logger, _sessionId);
            }

            _records.Complete(); // keeps retrying in the background if the store is down
            await DrainPostedAsync(); // the writer posted the release of the finals it stored
        }

        ReleaseHeld(all: true); // whatever is still unwritten goes out now, before the end
        _observers.Publish(Audience.Everyone, null, "sessionComplete", _completion);
        SessionLog.Ended(_logger, _sessionId, finalState, reason, _audioDuration.TotalSeconds, _transcript.WordCount, _transcript.Finals.Count);
        ArmRetireTimer();
        return _completion;
    }

    /// <summary>The input decoder is needed only while audio is accepted.</summary>
    private void DisposeInput()
    {
        _input?.Dispose();
        _input = null;
    }

    private async Task DisposeEngineAsync()
    {
        var engine = _engine;
        _engine = null;
        _engineGeneration++; // results still in flight from it are ignored
        if (engine is not null)
        {
            try
            {
                if (!await engine.StopAsync()) // bounded: a stuck decoder is abandoned, not waited for
                {
                    SessionLog.EngineAbandoned(_logger, _sessionId);
                }

                await engine.DisposeAsync();
            }
            catch (Exception ex)
            {
                SessionLog.EngineDisposeFailed(_logger, _sessionId, ex);
            }
        }
    }
}
