namespace LiveTranscription.Grains.Archive;

/// <summary>
/// What a predecessor's archive object holds, found by <see cref="IAudioArchive.RecoverAsync"/>: the last chunk in
/// it and the samples (at the session rate) it holds, which is where the successor's sequence and duration continue.
/// </summary>
public sealed record ArchiveRecovery(string Key, long LastSequence, long Samples);
