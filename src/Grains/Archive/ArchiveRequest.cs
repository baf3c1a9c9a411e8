namespace LiveTranscription.Grains.Archive;

/// <summary>
/// What an archive object is created for. <c>Key</c> is the object's key; null for a new one
/// (<see cref="ArchiveKey.Create"/>). A successor owner passes a continuation key (<see cref="ArchiveKey.Continuation"/>).
/// </summary>
public sealed record ArchiveRequest(string SessionId, string UserId, DateTimeOffset StartedAt, int SampleRate, string Encoding, long Epoch, string? Key = null);
