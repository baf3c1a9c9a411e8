namespace LiveTranscription.Grains.Engines;

/// <summary>The speech service refused the stream for capacity (e.g. Transcribe's concurrent-stream quota) and kept refusing.</summary>
public sealed class EngineCapacityException(string message) : Exception(message);
