using LiveTranscription.Grains.Abstractions.Protocol;
using LiveTranscription.Grains.Abstractions.Sessions;

namespace LiveTranscription.Grains.Sessions;

internal sealed partial class SessionGrain
{
    private IDisposable? _heartbeatTimer;
    private IDisposable? _statusTimer;
    private IDisposable? _idleTimer;
    private IDisposable? _graceTimer;
    private IDisposable? _retireTimer;
    private IDisposable? _unusedTimer;

    private void ArmLiveTimers()
    {
        _heartbeatTimer = RegisterTimer(_ => Heartbeat(), _options.HeartbeatInterval, _options.HeartbeatInterval);
        _statusTimer = RegisterTimer(_ => { PublishStatus(); return Task.CompletedTask; }, _options.StatusInterval, _options.StatusInterval);
        ArmIdleTimer(_options.IdleTimeout);
    }

    private void DisposeLiveTimers()
    {
        DisposeTimer(ref _heartbeatTimer);
        DisposeTimer(ref _statusTimer);
        DisposeTimer(ref _idleTimer);
        DisposeTimer(ref _graceTimer);
    }

    private Task Heartbeat()
    {
        _observers.Publish(Audience.Everyone, null, "heartbeat", new Heartbeat(_sessionId, Now));
        return Task.CompletedTask;
    }

    // One-shot: re-armed for the remaining time while audio keeps arriving, so no per-chunk timer work.
    private void ArmIdleTimer(TimeSpan due)
    {
        DisposeTimer(ref _idleTimer);
        _idleTimer = RegisterTimer(_ => IdleCheckAsync(), due, Timeout.InfiniteTimeSpan);
    }

    private async Task IdleCheckAsync()
    {
        if (!_state.IsLive())
        {
            return;
        }

        var idle = _time.GetElapsedTime(_lastAudioAt);
        if (idle < _options.IdleTimeout)
        {
            ArmIdleTimer(_options.IdleTimeout - idle);
            return;
        }

        SessionLog.IdleTimeout(_logger, _sessionId, idle);
        PublishError(new SessionException(ErrorCode.SessionTimeout, $"No audio for {_options.IdleTimeout.TotalSeconds:0} s; the session was ended."));
        await FinishAsync(SessionState.Completed, "idle timeout");
    }

    private void ArmGraceTimer()
    {
        DisposeTimer(ref _graceTimer);
        _graceTimer = RegisterTimer(_ => GraceExpiredAsync(), _options.DisconnectGrace, Timeout.InfiniteTimeSpan);
    }

    private async Task GraceExpiredAsync()
    {
        if (_speakerConnected || !_state.IsLive())
        {
            return;
        }

        SessionLog.GraceExpired(_logger, _sessionId, _options.DisconnectGrace);
        await FinishAsync(SessionState.Failed, "speaker did not reconnect");
    }

    private void ArmRetireTimer()
    {
        DisposeTimer(ref _retireTimer);
        _retireTimer = RegisterTimer(_ => { DeactivateOnIdle(); return Task.CompletedTask; }, _options.RetainAfterEnd, Timeout.InfiniteTimeSpan);
    }

    private void ArmUnusedTimer()
        => _unusedTimer = RegisterTimer(_ =>
        {
            if (_state == SessionState.None)
            {
                DeactivateOnIdle();
            }

            return Task.CompletedTask;
        }, _options.UnusedActivationTimeout, Timeout.InfiniteTimeSpan);

    private static void DisposeTimer(ref IDisposable? timer)
    {
        timer?.Dispose();
        timer = null;
    }
}
