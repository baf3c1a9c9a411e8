namespace LiveTranscription.Grains.Records;

/// <summary>A write was refused because a newer owner (higher epoch) holds the session.</summary>
public sealed class StaleEpochException(string sessionId, long epoch, long storedEpoch)
    : Exception($"Session {sessionId}: write with epoch {epoch} refused, the store holds epoch {storedEpoch}.")
{
    public long StoredEpoch { get; } = storedEpoch;
}
