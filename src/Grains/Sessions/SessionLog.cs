using LiveTranscription.Grains.Abstractions.Protocol;
using Microsoft.Extensions.Logging;

namespace LiveTranscription.Grains.Sessions;

/// <summary>Session log events. Every event carries SessionId as a structured property.</summary>
internal static partial class SessionLog
{
    [LoggerMessage(100, LogLevel.Information, "Session {SessionId} started: user {UserId}, engine {Engine}, {Encoding} at {SampleRate} Hz, {LanguageCode}", EventName = "SessionStarted")]
    public static partial void Started(ILogger logger, string sessionId, string userId, string engine, string encoding, int sampleRate, string languageCode);

    [LoggerMessage(101, LogLevel.Information, "Session {SessionId} {FromState} → {ToState} ({Reason})", EventName = "SessionStateChanged")]
    public static partial void StateChanged(ILogger logger, string sessionId, SessionState fromState, SessionState toState, string reason);

    [LoggerMessage(102, LogLevel.Information, "Session {SessionId} ended {State} ({Reason}): {AudioSeconds:0.0} s audio, {WordCount} words, {SegmentCount} segments", EventName = "SessionEnded")]
    public static partial void Ended(ILogger logger, string sessionId, SessionState state, string reason, double audioSeconds, int wordCount, int segmentCount);

    [LoggerMessage(103, LogLevel.Warning, "Session {SessionId} refused: capacity of {Limit} sessions reached", EventName = "SessionCapacityReached")]
    public static partial void CapacityReached(ILogger logger, string sessionId, int limit);

    [LoggerMessage(104, LogLevel.Information, "Session {SessionId}: speaker connection {ConnectionId} lost; waiting {Grace} for it to resume", EventName = "SpeakerDisconnected")]
    public static partial void SpeakerDisconnected(ILogger logger, string sessionId, string connectionId, TimeSpan grace);

    [LoggerMessage(105, LogLevel.Information, "Session {SessionId}: speaker resumed on connection {ConnectionId} (was {PreviousConnectionId}) at sequence {LastSequence}", EventName = "SpeakerResumed")]
    public static partial void SpeakerResumed(ILogger logger, string sessionId, string connectionId, string? previousConnectionId, long lastSequence);

    [LoggerMessage(106, LogLevel.Warning, "Session {SessionId}: speaker did not resume within {Grace}", EventName = "SpeakerGraceExpired")]
    public static partial void GraceExpired(ILogger logger, string sessionId, TimeSpan grace);

    [LoggerMessage(107, LogLevel.Information, "Session {SessionId}: no audio for {Idle}", EventName = "SessionIdleTimeout")]
    public static partial void IdleTimeout(ILogger logger, string sessionId, TimeSpan idle);

    [LoggerMessage(108, LogLevel.Information, "Session {SessionId}: maximum duration {MaxDuration} reached", EventName = "SessionMaxDuration")]
    public static partial void MaxDurationReached(ILogger logger, string sessionId, TimeSpan maxDuration);

    [LoggerMessage(109, LogLevel.Warning, "Session {SessionId}: engine buffer full ({BufferedSamples} samples queued)", EventName = "EngineBehind")]
    public static partial void EngineBehind(ILogger logger, string sessionId, int bufferedSamples);

    [LoggerMessage(110, LogLevel.Error, "Session {SessionId}: engine {Engine} failed to start", EventName = "EngineStartFailed")]
    public static partial void EngineStartFailed(ILogger logger, string sessionId, string engine, Exception exception);

    [LoggerMessage(111, LogLevel.Error, "Session {SessionId}: engine failed", EventName = "EngineFailed")]
    public static partial void EngineFailed(ILogger logger, string sessionId, Exception exception);

    [LoggerMessage(112, LogLevel.Warning, "Session {SessionId}: engine flush did not complete", EventName = "EngineFlushFailed")]
    public static partial void FlushFailed(ILogger logger, string sessionId, Exception exception);

    [LoggerMessage(113, LogLevel.Warning, "Session {SessionId}: engine dispose failed", EventName = "EngineDisposeFailed")]
    public static partial void EngineDisposeFailed(ILogger logger, string sessionId, Exception exception);

    [LoggerMessage(114, LogLevel.Error, "Session {SessionId}: audio archive failed", EventName = "ArchiveFailed")]
    public static partial void ArchiveFailed(ILogger logger, string sessionId, Exception exception);

    [LoggerMessage(115, LogLevel.Warning, "Session {SessionId}: records not yet written at the end; writing continues in the background", EventName = "RecordsPending")]
    public static partial void RecordsPending(ILogger logger, string sessionId);

    [LoggerMessage(116, LogLevel.Warning, "Session {SessionId}: fenced at epoch {Epoch}; a newer activation owns it", EventName = "SessionFenced")]
    public static partial void Fenced(ILogger logger, string sessionId, long epoch, Exception exception);

    [LoggerMessage(117, LogLevel.Warning, "Session {SessionId} was in progress when the server stopped; marked failed with {SegmentCount} stored segments", EventName = "SessionOrphaned")]
    public static partial void Orphaned(ILogger logger, string sessionId, int segmentCount);

    [LoggerMessage(118, LogLevel.Debug, "Session {SessionId}: listener {ConnectionId} joined ({LanguageCode}); {ListenerCount} listening", EventName = "ListenerJoined")]
    public static partial void ListenerJoined(ILogger logger, string sessionId, string connectionId, string languageCode, int listenerCount);

    [LoggerMessage(119, LogLevel.Debug, "Session {SessionId}: listener {ConnectionId} left; {ListenerCount} listening", EventName = "ListenerLeft")]
    public static partial void ListenerLeft(ILogger logger, string sessionId, string connectionId, int listenerCount);

    [LoggerMessage(121, LogLevel.Warning, "Session {SessionId}: the engine refused chunk {Sequence} (it failed); the chunk is archived", EventName = "EngineRefusedAudio")]
    public static partial void EngineRefusedAudio(ILogger logger, string sessionId, long sequence);

    [LoggerMessage(122, LogLevel.Error, "Session {SessionId}: the engine did not stop in time; its thread was abandoned", EventName = "EngineAbandoned")]
    public static partial void EngineAbandoned(ILogger logger, string sessionId);

    [LoggerMessage(120, LogLevel.Warning, "Session {SessionId}: observer {SubscriptionId} failed", EventName = "ObserverFailed")]
    public static partial void ObserverFailed(ILogger logger, string sessionId, string subscriptionId, Exception exception);

    [LoggerMessage(123, LogLevel.Warning, "Session {SessionId}: {Count} Opus packet(s) passed the checks but failed to decode; decoded as silence (archived as received)", EventName = "OpusPacketsConcealed")]
    public static partial void OpusPacketsConcealed(ILogger logger, string sessionId, int count);

    [LoggerMessage(124, LogLevel.Information, "Session {SessionId} resumed after its owner {Reason}: epoch {Epoch}, {SegmentCount} finals, last chunk {LastSequence}, {DurationSeconds:0.00} s of audio, archive part {Part}", EventName = "SessionTakenOver")]
    public static partial void TakenOver(ILogger logger, string sessionId, string reason, long epoch, int segmentCount, long lastSequence, double durationSeconds, int part);

    [LoggerMessage(125, LogLevel.Information, "Session {SessionId} handed over (drain): last chunk {LastSequence}, {SegmentCount} finals", EventName = "SessionHandedOver")]
    public static partial void HandedOver(ILogger logger, string sessionId, long lastSequence, int segmentCount);

    [LoggerMessage(126, LogLevel.Warning, "Session {SessionId}: dropped without writing (this silo was evicted; another owns it)", EventName = "SessionDropped")]
    public static partial void Dropped(ILogger logger, string sessionId);

    [LoggerMessage(127, LogLevel.Information, "Session {SessionId}: resumed while paused; chunks {From}..{To} were acknowledged during the pause and discarded", EventName = "PausedGapAccepted")]
    public static partial void PausedGapAccepted(ILogger logger, string sessionId, long from, long to);

    [LoggerMessage(128, LogLevel.Information, "Session {SessionId}: the predecessor's last {Seconds:0.00} s of audio (after its last final) go to the new engine stream", EventName = "AudioReplayed")]
    public static partial void Replayed(ILogger logger, string sessionId, double seconds);
}
