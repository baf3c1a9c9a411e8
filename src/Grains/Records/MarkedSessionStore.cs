namespace LiveTranscription.Grains.Records;

/// <summary>
/// Embedded mode over a remote store (DynamoDB): the store, plus local markers of the sessions this process has in
/// progress (<see cref="InProgressMarkers"/>), so the next start after a crash finalizes them as the file store's do.
/// Cluster mode does not need it: another silo takes a dead silo's sessions over.
/// </summary>
internal sealed class MarkedSessionStore(ISessionStore inner, InProgressMarkers markers) : ISessionStore, IInProgressSessionIndex
{
    public async Task PutRecordAsync(SessionRecord record, CancellationToken cancellationToken)
    {
        if (record.Status == SessionRecordStatus.InProgress)
        {
            markers.Mark(record.SessionId);
            await inner.PutRecordAsync(record, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            await inner.PutRecordAsync(record, cancellationToken).ConfigureAwait(false);
            markers.Clear(record.SessionId);
        }
    }

    public Task AppendSegmentAsync(string sessionId, long epoch, TranscriptSegment segment, CancellationToken cancellationToken)
        => inner.AppendSegmentAsync(sessionId, epoch, segment, cancellationToken);

    public Task<SessionRecord?> GetRecordAsync(string sessionId, CancellationToken cancellationToken)
        => inner.GetRecordAsync(sessionId, cancellationToken);

    public Task<IReadOnlyList<TranscriptSegment>> GetSegmentsAsync(string sessionId, CancellationToken cancellationToken)
        => inner.GetSegmentsAsync(sessionId, cancellationToken);

    public Task<SessionPage> ListUserSessionsAsync(string userId, int limit, string? pageToken, CancellationToken cancellationToken)
        => inner.ListUserSessionsAsync(userId, limit, pageToken, cancellationToken);

    public async Task<IReadOnlyList<string>> InProgressSessionIdsAsync(CancellationToken cancellationToken)
    {
        var ids = new List<string>();
        foreach (var id in markers.All())
        {
            SessionRecord? record;
            try
            {
                record = await inner.GetRecordAsync(id, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                ids.Add(id); // the store cannot say now: the session's activation tries (and the marker stays until it ends)
                continue;
            }

            if (record?.Status == SessionRecordStatus.InProgress)
            {
                ids.Add(id);
            }
            else
            {
                markers.Clear(id); // stale: the crash came between the record that ended it and the marker's removal
            }
        }

        return ids;
    }
}
