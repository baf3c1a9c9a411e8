using LiveTranscription.Grains.Abstractions.Protocol;
using LiveTranscription.Grains.Abstractions.Sessions;
using LiveTranscription.Grains.Audio;

namespace LiveTranscription.Grains.Sessions;

internal sealed partial class SessionGrain
{
    /// <summary>
    /// Accepts one chunk. Order of checks: session and owner, sequence (replays are acknowledged and
    /// ignored, gaps rejected with the expected sequence), format (for Opus: framing and every packet,
    /// before anything is decoded), buffer room. Decoding comes last, so a refused chunk never advances
    /// the Opus decoder. A chunk is acknowledged
    /// only after it is spooled to the archive and queued for the engine. A rejected chunk does not
    /// consume its sequence number. While paused, chunks are acknowledged and discarded (off the record).
    /// </summary>
    public async Task<AudioAck> SendAudioAsync(ClientRef caller, long sequence, byte[] audio)
    {
        var started = _time.GetTimestamp();
        EnsureSpeakerOfLiveSession(caller);
        if (!_speakerConnected)
        {
            // Audio from the speaker's connection: it is there (its gateway reopened the session after a link break).
            _speakerConnected = true;
            DisposeTimer(ref _graceTimer);
        }

        var check = AudioSequence.Classify(sequence, _lastSequence);
        if (check == SequenceCheck.Replay)
        {
            return new AudioAck(_sessionId, _lastSequence);
        }

        if (check == SequenceCheck.Gap && _resumedWhilePaused && _state == SessionState.Paused)
        {
            // Taken over while paused: chunks acknowledged during the pause were discarded, not recorded anywhere,
            // so the predecessor's last recorded sequence is behind the speaker's. Nothing of them was to be kept.
            SessionLog.PausedGapAccepted(_logger, _sessionId, _lastSequence, sequence);
            _lastSequence = sequence - 1;
            _resumedWhilePaused = false;
            check = SequenceCheck.Next;
        }

        if (check == SequenceCheck.Gap)
        {
            throw Error(ErrorCode.InvalidAudioFormat, $"Audio sequence gap: expected {_lastSequence + 1}, got {sequence}.", recoverable: true, expectedSequence: _lastSequence + 1);
        }

        if (_state == SessionState.Starting)
        {
            throw Error(ErrorCode.InvalidSessionState, "The session is still starting.", recoverable: true, retryAfter: TimeSpan.FromSeconds(1), expectedSequence: _lastSequence + 1);
        }

        var input = _input!;
        if (input.Inspect(audio ?? [], out var chunk) is { } invalid)
        {
            throw Error(ErrorCode.InvalidAudioFormat, invalid, recoverable: true, expectedSequence: _lastSequence + 1);
        }

        if (_state == SessionState.Paused)
        {
            // Off the record, and not activity: the idle timeout bounds a pause even if audio keeps coming.
            _lastSequence = sequence;
            return new AudioAck(_sessionId, _lastSequence);
        }

        var maxOut = _resampler!.MaxOutputFor(chunk.Samples);
        if (!_engine!.CanAccept(maxOut))
        {
            SessionLog.EngineBehind(_logger, _sessionId, _engine.BufferedSamples);
            throw Error(ErrorCode.BufferOverflow, "The speech engine is behind; resend from the expected sequence after retryAfter.", recoverable: true,
                retryAfter: _options.BufferOverflowRetryAfter, expectedSequence: _lastSequence + 1);
        }

        var engine = _engine;
        try
        {
            await _archive!.AppendAsync(chunk with { Sequence = sequence }, Context.Deactivating);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            SessionLog.ArchiveFailed(_logger, _sessionId, ex);
            throw Error(ErrorCode.StorageError, "The audio could not be archived; resend it.", recoverable: true, retryAfter: TimeSpan.FromSeconds(1), expectedSequence: _lastSequence + 1);
        }

        // The file archive completes inline; an archive that really awaits lets posted turns run here,
        // and one of them may have ended the session or replaced the engine.
        if (_state != SessionState.Active || _engine != engine)
        {
            throw Error(ErrorCode.InvalidSessionState, $"Session {_sessionId} is {_state.ToString().ToLowerInvariant()}; the chunk was not accepted.");
        }

        if (_resampleBuffer.Length < maxOut)
        {
            _resampleBuffer = new short[maxOut];
        }

        var concealed = input.ConcealedPackets;
        var pcm = input.Decode(chunk);
        if (input.ConcealedPackets != concealed)
        {
            SessionLog.OpusPacketsConcealed(_logger, _sessionId, input.ConcealedPackets - concealed);
        }

        var n = _resampler.Process(pcm, _resampleBuffer);
        if (!engine.TryWrite(_resampleBuffer.AsSpan(0, n)))
        {
            // Room was checked above and only the engine thread frees room, so this means the engine just
            // failed: the chunk is archived (kept), and the engine failure ends the session.
            SessionLog.EngineRefusedAudio(_logger, _sessionId, sequence);
        }

        _lastAudioAt = started;
        var chunkDuration = input.DurationOf(chunk);
        _lastSequence = sequence;
        _audioDuration += chunkDuration;
        _arrivals.Record(_audioDuration, started);
        _metrics.ChunkProcessed(_time.GetElapsedTime(started), chunkDuration, input.Encoding);

        if (_audioDuration >= _options.MaxDuration)
        {
            ReachMaxDuration();
        }

        return new AudioAck(_sessionId, _lastSequence);
    }

    /// <summary>The chunk that reached the limit is kept; the session then ends without taking more.</summary>
    private void ReachMaxDuration()
    {
        SessionLog.MaxDurationReached(_logger, _sessionId, _options.MaxDuration);
        PublishError(new SessionException(ErrorCode.BufferOverflow, "Maximum recording duration reached"));
        _ = FinishAsync(SessionState.Completed, "maximum duration reached");
    }
}
