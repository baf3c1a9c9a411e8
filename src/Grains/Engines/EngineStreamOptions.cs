namespace LiveTranscription.Grains.Engines;

/// <summary>What an engine stream is opened with.</summary>
public sealed record EngineStreamOptions(string SessionId, string LanguageCode, int InputSampleRate);
