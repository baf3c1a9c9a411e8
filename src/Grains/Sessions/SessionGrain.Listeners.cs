using LiveTranscription.Grains.Abstractions.Protocol;
using LiveTranscription.Grains.Abstractions.Sessions;

namespace LiveTranscription.Grains.Sessions;

internal sealed partial class SessionGrain
{
    public Task<JoinResult> JoinAsync(ClientRef listener, string? languageCode)
    {
        EnsureExists();
        var language = string.IsNullOrWhiteSpace(languageCode) ? _settings!.LanguageCode : languageCode;
        if (!_state.IsTerminal())
        {
            _listeners.Add(listener, language);
            SessionLog.ListenerJoined(_logger, _sessionId, listener.ConnectionId, language, _listeners.Count);
            ReportListenersIfChanged(); // also when a listener rejoins asking for a new language
        }

        var ack = new JoinAck
        {
            SessionId = _sessionId,
            State = _state,
            LanguageCode = language,
            Finals = PublishedFinals(),
            Partial = PublishedPartial(),
            Timestamp = Now,
        };
        return Task.FromResult(new JoinResult(ack, _observers.Sequence));
    }

    public Task LeaveAsync(ClientRef listener)
    {
        EnsureExists();
        RemoveListener(listener);
        return Task.CompletedTask;
    }

    public Task<SessionStatus> GetStatusAsync()
    {
        EnsureExists();
        return Task.FromResult(BuildStatus());
    }

    public Task ClientDisconnectedAsync(ClientRef client)
    {
        RemoveListener(client);
        if (IsSpeaker(client) && _state.IsLive() && _speakerConnected)
        {
            _speakerConnected = false;
            SessionLog.SpeakerDisconnected(_logger, _sessionId, client.ConnectionId, _options.DisconnectGrace);
            ArmGraceTimer();
        }

        return Task.CompletedTask;
    }

    public Task SubscribeAsync(string subscriptionId, ISessionObserver observer, long? lastFinalSeen = null)
    {
        _observers.Subscribe(subscriptionId, observer);
        if (lastFinalSeen is { } seen)
        {
            // A gateway back after its stream broke: the finals it missed, to it alone, before anything newer.
            foreach (var final in PublishedFinals().Where(f => f.SegmentId > seen))
            {
                _observers.SendTo(subscriptionId, Audience.Everyone, null, "transcript", final);
            }
        }

        return Task.CompletedTask;
    }

    public Task UnsubscribeAsync(string subscriptionId)
    {
        _observers.Unsubscribe(subscriptionId);
        return Task.CompletedTask;
    }

    private void RemoveListener(ClientRef client)
    {
        if (_listeners.Remove(client))
        {
            SessionLog.ListenerLeft(_logger, _sessionId, client.ConnectionId, _listeners.Count);
            ReportListenersIfChanged();
        }
    }

    private void ReportListenersIfChanged()
    {
        if (_state.IsLive() && _listeners.HasSignificantChange())
        {
            PublishStatus();
        }
    }

    private void PublishStatus()
    {
        if (_speaker is not null && _speakerConnected)
        {
            _observers.Publish(Audience.Speaker, _speaker, "sessionStatus", BuildStatus());
            _listeners.MarkReported();
        }
    }
}
