namespace LiveTranscription.Grains.Records;

/// <summary>
/// Session records and transcript segments. Embedded mode: files; cluster mode: DynamoDB. Writes are
/// conditional on the epoch: a write with an epoch lower than the stored one throws <see cref="StaleEpochException"/>.
/// </summary>
public interface ISessionStore
{
    /// <summary>Creates or replaces the record, if <c>record.Epoch</c> is not older than the stored one.</summary>
    Task PutRecordAsync(SessionRecord record, CancellationToken cancellationToken);

    /// <summary>Appends a final; idempotent per segment id; fenced on <paramref name="epoch"/>.</summary>
    Task AppendSegmentAsync(string sessionId, long epoch, TranscriptSegment segment, CancellationToken cancellationToken);

    Task<SessionRecord?> GetRecordAsync(string sessionId, CancellationToken cancellationToken);

    /// <summary>The finals in segment order.</summary>
    Task<IReadOnlyList<TranscriptSegment>> GetSegmentsAsync(string sessionId, CancellationToken cancellationToken);

    /// <summary>
    /// A user's sessions, newest first, at most <paramref name="limit"/> per page. Pass the returned
    /// <see cref="SessionPage.NextPageToken"/> for the next page; null means there is no more (a page may be
    /// empty when the previous one ended exactly at the last session).
    /// </summary>
    Task<SessionPage> ListUserSessionsAsync(string userId, int limit, string? pageToken, CancellationToken cancellationToken);
}
