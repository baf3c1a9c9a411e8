namespace LiveTranscription.Grains.Archive;

/// <summary>
/// What a predecessor's archive object holds, found by <see cref="IAudioArchive.RecoverAsync"/>: the last chunk in
/// it and the samples (at the session rate) it holds, which is where the successor's sequence and duration continue.
/// <see cref="TailPcm"/> is the object's last audio from the requested position (pcm16 sessions only), which the
/// successor feeds its new engine stream so the utterance the predecessor was transcribing is not lost;
/// <see cref="TailStartSamples"/> is where that tail starts in the object.
/// </summary>
public sealed record ArchiveRecovery(string Key, long LastSequence, long Samples, ReadOnlyMemory<byte> TailPcm = default, long TailStartSamples = 0);
