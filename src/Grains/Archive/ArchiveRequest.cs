namespace LiveTranscription.Grains.Archive;

/// <summary>What an archive object is created for.</summary>
public sealed record ArchiveRequest(string SessionId, string UserId, DateTimeOffset StartedAt, int SampleRate, string Encoding, long Epoch);
