namespace LiveTranscription.Grains.Archive;

/// <summary>A finished archive object.</summary>
public sealed record ArchiveResult(string Key, long AudioBytes, TimeSpan Duration);
