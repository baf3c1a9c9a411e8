namespace LiveTranscription.Runtime.Directory;

/// <summary>Which silo owns a grain, and the epoch of that ownership (higher wins; used for fencing).</summary>
public sealed record DirectoryEntry(string GrainKey, string SiloId, long Epoch);
