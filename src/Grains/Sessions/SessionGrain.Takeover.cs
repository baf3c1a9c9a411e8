using LiveTranscription.Grains.Abstractions.Protocol;
using LiveTranscription.Grains.Abstractions.Sessions;
using LiveTranscription.Grains.Archive;
using LiveTranscription.Grains.Audio;
using LiveTranscription.Grains.Engines;
using LiveTranscription.Grains.Records;

namespace LiveTranscription.Grains.Sessions;

/// <summary>
/// Cluster mode: a session moving between silos. <see cref="HandOverAsync"/> is the draining owner's side,
/// <see cref="ResumeInProgressAsync"/> the successor's (after a drain or a crash), <see cref="DropAsync"/> an evicted
/// owner letting go without writing.
/// </summary>
internal sealed partial class SessionGrain
{
    /// <summary>Most of a dead predecessor's unfinished audio fed to the successor's engine (below the engine buffer's 10 s).</summary>
    private static readonly TimeSpan MaxReplay = TimeSpan.FromSeconds(8);

    /// <summary>
    /// Continues a session whose previous owner died or handed it over. Everything comes from storage: the record
    /// (settings, speaker, resume token, archive objects), the stored finals, and the predecessor's archive spool,
    /// whose index says exactly which chunk it ends with (the record may lag behind it by a few chunks). The
    /// predecessor's last partial becomes a final. A new archive object (a numbered continuation) and a new engine
    /// stream continue from there; the first record write, with this activation's higher epoch, fences the predecessor.
    /// </summary>
    private async Task ResumeInProgressAsync(SessionRecord record, SessionResumeState resume, CancellationToken cancellationToken)
    {
        _settings = _settings! with { ResumeToken = resume.ResumeToken };
        _speaker = new ClientRef(resume.SpeakerGatewayId, resume.SpeakerConnectionId, record.UserId);
        _speakerConnected = false; // until its gateway reopens the session here (within the grace)
        _audioKeys.Clear();
        _audioKeys.AddRange(resume.AudioKeys);
        _partStart = TimeSpan.FromSeconds(resume.PartStartSeconds);
        _reason = null;
        var predecessor = "stopped";
        var request = new ArchiveRequest(_sessionId, record.UserId, record.CreatedAt, record.SampleRate, record.Encoding, Context.Epoch);
        var lastFinalEnd = TimeSpan.FromSeconds(_transcript.Finals.Count > 0 ? _transcript.Finals[^1].EndTime : 0);
        var tailFrom = (long)(Math.Max(0, (lastFinalEnd - _partStart).TotalSeconds) * record.SampleRate);
        ArchiveRecovery? replay = null;
        if (_audioKeys.Count > 0
            && await _archiveStore.RecoverAsync(_audioKeys[^1], request, tailFrom, MaxReplay, cancellationToken) is { } recovered
            && recovered.LastSequence >= _lastSequence)
        {
            predecessor = "died";
            _lastSequence = recovered.LastSequence;
            _audioDuration = _partStart + TimeSpan.FromSeconds((double)recovered.Samples / record.SampleRate);
            replay = recovered.TailPcm.IsEmpty ? null : recovered;
        }

        _capacity.ForceAcquire();
        _capacityHeld = true;
        _metrics.SessionStarted();
        _records = CreateRecordWriter();
        _state = resume.Paused ? SessionState.Paused : SessionState.Active;
        _resumedWhilePaused = resume.Paused;
        if (replay is null && record.Partial is { } partial && partial.SegmentId == _transcript.NextSegmentId)
        {
            // No audio to transcribe again: what the speaker last saw of the unfinished utterance becomes its final.
            var final = ToEvent(partial) with { Timestamp = Now };
            _transcript.Restore([final]);
            PublishTranscript(final);
        }

        try
        {
            var part = _audioKeys.Count + 1;
            _partStart = _audioDuration;
            _archive = await _archiveStore.CreateAsync(request with { Key = _audioKeys.Count > 0 ? ArchiveKey.Continuation(_audioKeys[0], part) : null }, cancellationToken);
            _audioKeys.Add(_archive.Key);
            var engine = _engines.Find(_settings.Engine) ?? throw new InvalidOperationException($"Engine {_settings.Engine} is not configured on this silo.");
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(_options.EngineStartTimeout);
            _engineOffset = _audioDuration;
            _engine = await engine.StartStreamAsync(
                new EngineStreamOptions(_sessionId, _settings.LanguageCode, _settings.SampleRate), new EngineSink(this, ++_engineGeneration), timeout.Token);
            _input = AudioInput.Create(_settings.Encoding, _settings.SampleRate, _options.Audio);
            _resampler = new PolyphaseResampler(_settings.SampleRate, _engine.SampleRate);
            if (replay is not null)
            {
                Replay(replay, record.SampleRate);
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            SessionLog.EngineStartFailed(_logger, _sessionId, _settings.Engine, ex);
            _engineFailure = "the session could not be resumed on another server";
            _records.PutRecord(BuildRecord());
            await FinishAsync(SessionState.Failed, _engineFailure);
            return;
        }

        _records.PutRecord(BuildRecord());
        _lastAudioAt = _time.GetTimestamp();
        ArmLiveTimers();
        ArmGraceTimer();
        _metrics.Moved(predecessor == "died" ? "taken_over_after_death" : "taken_over_after_drain");
        SessionLog.TakenOver(_logger, _sessionId, predecessor, Context.Epoch, _transcript.Finals.Count, _lastSequence, _audioDuration.TotalSeconds, _audioKeys.Count);
    }

    /// <summary>
    /// The predecessor's engine had heard audio it never finished (after the last stored final): the new engine stream
    /// hears it again, so that utterance is transcribed rather than cut to the last stored partial. Its times start
    /// where the tail starts in the session.
    /// </summary>
    private void Replay(ArchiveRecovery tail, int sampleRate)
    {
        var pcm = Pcm16.AsSamples(tail.TailPcm.Span);
        var output = new short[_resampler!.MaxOutputFor(pcm.Length)];
        var n = _resampler.Process(pcm, output);
        if (_engine!.CanAccept(n) && _engine.TryWrite(output.AsSpan(0, n)))
        {
            _engineOffset = _partStart + TimeSpan.FromSeconds((double)tail.TailStartSamples / sampleRate);
            SessionLog.Replayed(_logger, _sessionId, pcm.Length / (double)sampleRate);
        }
    }

    /// <summary>
    /// Drain: the engine finishes what it heard (its last words become finals, stored), the archive object is finished,
    /// and the record says exactly where the session stands, then the activation ends (releasing the directory entry)
    /// and the gateways reopen the session on another silo. Listeners and the speaker stay connected to their gateways.
    /// </summary>
    private async Task HandOverAsync(CancellationToken cancellationToken)
    {
        DisposeLiveTimers();
        if (_engine is not null)
        {
            try
            {
                _engine.EndUtterance();
                using var flush = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                flush.CancelAfter(_options.FlushTimeout);
                await _engine.FlushAsync(flush.Token);
                await DrainPostedAsync();
            }
            catch (Exception ex)
            {
                SessionLog.FlushFailed(_logger, _sessionId, ex); // what it did not finish stays in the partial, stored below
            }

            await DisposeEngineAsync();
        }

        DisposeInput();
        if (_archive is not null)
        {
            try
            {
                await _archive.CompleteAsync(cancellationToken);
            }
            catch (Exception ex)
            {
                SessionLog.ArchiveFailed(_logger, _sessionId, ex); // its spool stays; the successor finishes it
            }

            await _archive.DisposeAsync();
            _archive = null;
        }

        if (_records is not null)
        {
            _records.PutRecord(BuildRecord());
            if (!await _records.DrainAsync(_options.RecordDrainTimeout))
            {
                SessionLog.RecordsPending(_logger, _sessionId);
            }

            await DrainPostedAsync();
            _records.Complete();
        }

        ReleaseHeld(all: true);
        LeaveCapacity();
        _metrics.Moved("handed_over");
        SessionLog.HandedOver(_logger, _sessionId, _lastSequence, _transcript.Finals.Count);
        _state = SessionState.None; // nothing more happens here; the record keeps the session in progress
    }

    /// <summary>The session goes on elsewhere: free its slot here without counting it as ended.</summary>
    private void LeaveCapacity()
    {
        if (_capacityHeld)
        {
            _capacityHeld = false;
            _capacity.Release();
            _metrics.SessionLeft();
        }
    }

    /// <summary>This silo was evicted: another owns the session. Stop everything, write nothing, tell nobody.</summary>
    private async Task DropAsync()
    {
        _observers = new SessionObservers(_sessionId, _logger, Context.Epoch);
        DisposeLiveTimers();
        await DisposeEngineAsync();
        DisposeInput();
        if (_archive is not null)
        {
            await _archive.DisposeAsync(); // the spool stays for the successor, who already took it over
            _archive = null;
        }

        if (_records is not null)
        {
            await _records.DisposeAsync();
        }

        LeaveCapacity();
        _metrics.Moved("dropped");
        SessionLog.Dropped(_logger, _sessionId);
    }
}
