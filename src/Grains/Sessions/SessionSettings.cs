namespace LiveTranscription.Grains.Sessions;

/// <summary>What a session was started with; fixed for its life.</summary>
internal sealed record SessionSettings(
    string UserId,
    string Quality,
    int SampleRate,
    string Encoding,
    string LanguageCode,
    string Engine,
    string TranscriptionId,
    DateTimeOffset StartedAt,
    string ResumeToken);
