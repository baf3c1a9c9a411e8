namespace LiveTranscription.Cluster.Directory;

/// <summary>Which silo incarnation owns a session, under which epoch (fencing token for every write it makes).</summary>
public sealed record DirectoryEntry(string SessionId, string OwnerSiloId, long Epoch);
