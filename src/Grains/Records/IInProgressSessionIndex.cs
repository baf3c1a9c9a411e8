namespace LiveTranscription.Grains.Records;

/// <summary>
/// Sessions whose stored record is still IN_PROGRESS. In embedded mode one process owns every
/// session, so at startup these are sessions a previous process did not finish.
/// </summary>
public interface IInProgressSessionIndex
{
    Task<IReadOnlyList<string>> InProgressSessionIdsAsync(CancellationToken cancellationToken);
}
