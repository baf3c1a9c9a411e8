using System.Collections.Concurrent;
using System.Text.Json;
using LiveTranscription.Grains.Abstractions.Sessions;
using LiveTranscription.Grains.Storage;
using Microsoft.Extensions.Options;

namespace LiveTranscription.Grains.Records;

/// <summary>
/// Embedded-mode store: <c>sessions/{id}/record.json</c> (replaced atomically) and
/// <c>sessions/{id}/segments.jsonl</c> (one final per line, appended and flushed). A crash loses at
/// most what was not yet written: the current partial. <c>sessions/.in-progress/{id}</c> marks the
/// sessions whose record is IN_PROGRESS, so a restarted process finds what its predecessor left.
/// </summary>
internal sealed class FileSessionStore(IOptions<StorageOptions> options) : ISessionStore, IInProgressSessionIndex
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private readonly SemaphoreSlim[] _locks = [.. Enumerable.Range(0, 64).Select(_ => new SemaphoreSlim(1, 1))];
    private readonly ConcurrentDictionary<string, long> _lastSegment = new();
    private readonly InProgressMarkers _markers = InProgressMarkers.For(options.Value);

    public async Task PutRecordAsync(SessionRecord record, CancellationToken cancellationToken)
    {
        var dir = SessionDirectory(record.SessionId);
        var gate = LockOf(record.SessionId);
        await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await CheckEpochAsync(record.SessionId, record.Epoch, cancellationToken).ConfigureAwait(false);
            System.IO.Directory.CreateDirectory(dir);
            var tmp = Path.Combine(dir, "record.json.tmp");
            await File.WriteAllBytesAsync(tmp, JsonSerializer.SerializeToUtf8Bytes(record, Json), cancellationToken).ConfigureAwait(false);
            if (record.Status == SessionRecordStatus.InProgress)
            {
                _markers.Mark(record.SessionId);
                File.Move(tmp, Path.Combine(dir, "record.json"), overwrite: true);
            }
            else
            {
                File.Move(tmp, Path.Combine(dir, "record.json"), overwrite: true);
                _markers.Clear(record.SessionId);
                _lastSegment.TryRemove(record.SessionId, out _); // no more appends expected: keep the cache bounded
            }
        }
        finally
        {
            gate.Release();
        }
    }

    public async Task AppendSegmentAsync(string sessionId, long epoch, TranscriptSegment segment, CancellationToken cancellationToken)
    {
        var dir = SessionDirectory(sessionId);
        var gate = LockOf(sessionId);
        await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await CheckEpochAsync(sessionId, epoch, cancellationToken).ConfigureAwait(false);
            var path = Path.Combine(dir, "segments.jsonl");
            if (!_lastSegment.TryGetValue(sessionId, out var last))
            {
                var existing = await ReadSegmentsAsync(path, cancellationToken).ConfigureAwait(false);
                last = existing.Count == 0 ? -1 : existing[^1].SegmentId;
            }

            if (segment.SegmentId <= last)
            {
                return; // a retried append that had already landed
            }

            System.IO.Directory.CreateDirectory(dir);
            var line = JsonSerializer.Serialize(segment, Json) + "\n";
            await using (var stream = new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.Read, 4096, useAsync: true))
            {
                await stream.WriteAsync(System.Text.Encoding.UTF8.GetBytes(line), cancellationToken).ConfigureAwait(false);
                await stream.FlushAsync(cancellationToken).ConfigureAwait(false);
            }

            _lastSegment[sessionId] = segment.SegmentId;
        }
        finally
        {
            gate.Release();
        }
    }

    public Task<IReadOnlyList<string>> InProgressSessionIdsAsync(CancellationToken cancellationToken)
    {
        var ids = new List<string>();
        foreach (var id in _markers.All())
        {
            // A marker whose record is missing or already final is stale (a crash between the two writes).
            var record = Path.Combine(options.Value.FullDataDirectory, "sessions", id, "record.json");
            if (File.Exists(record) && File.ReadAllText(record).Contains("\"IN_PROGRESS\"", StringComparison.Ordinal))
            {
                ids.Add(id);
            }
            else
            {
                _markers.Clear(id);
            }
        }

        return Task.FromResult<IReadOnlyList<string>>(ids);
    }


    public async Task<SessionRecord?> GetRecordAsync(string sessionId, CancellationToken cancellationToken)
    {
        var path = Path.Combine(SessionDirectory(sessionId), "record.json");
        if (!File.Exists(path))
        {
            return null;
        }

        await using var stream = File.OpenRead(path);
        return await JsonSerializer.DeserializeAsync<SessionRecord>(stream, Json, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Reads every record (embedded mode holds one machine's sessions; cluster mode queries an index).</summary>
    public async Task<SessionPage> ListUserSessionsAsync(string userId, int limit, string? pageToken, CancellationToken cancellationToken)
    {
        var after = pageToken is null ? default((string, string)?) : SessionPageToken.Parse(pageToken) ?? throw new ArgumentException("Invalid page token.", nameof(pageToken));
        var root = Path.Combine(options.Value.FullDataDirectory, "sessions");
        var mine = new List<SessionRecord>();
        if (System.IO.Directory.Exists(root))
        {
            foreach (var dir in System.IO.Directory.EnumerateDirectories(root))
            {
                var id = Path.GetFileName(dir);
                if (SessionIds.Normalize(id) == id && await GetRecordAsync(id, cancellationToken).ConfigureAwait(false) is { } record && record.UserId == userId)
                {
                    mine.Add(record);
                }
            }
        }

        var ordered = mine
            .Select(r => (Key: (SessionPageToken.Time(r.CreatedAt), r.SessionId), Record: r))
            .OrderByDescending(x => x.Key.Item1, StringComparer.Ordinal).ThenByDescending(x => x.Key.SessionId, StringComparer.Ordinal)
            .SkipWhile(x => after is { } a && Compare(x.Key, a) >= 0)
            .ToList();
        var page = ordered.Take(limit).Select(x => x.Record).ToList();
        var next = ordered.Count > limit ? SessionPageToken.Create(page[^1].CreatedAt, page[^1].SessionId) : null;
        return new SessionPage(page, next);

        static int Compare((string CreatedAt, string SessionId) x, (string CreatedAt, string SessionId) y)
        {
            var c = string.CompareOrdinal(x.CreatedAt, y.CreatedAt);
            return c != 0 ? c : string.CompareOrdinal(x.SessionId, y.SessionId);
        }
    }

    public async Task<IReadOnlyList<TranscriptSegment>> GetSegmentsAsync(string sessionId, CancellationToken cancellationToken)
        => await ReadSegmentsAsync(Path.Combine(SessionDirectory(sessionId), "segments.jsonl"), cancellationToken).ConfigureAwait(false);

    private async Task CheckEpochAsync(string sessionId, long epoch, CancellationToken cancellationToken)
    {
        var stored = await GetRecordAsync(sessionId, cancellationToken).ConfigureAwait(false);
        if (stored is not null && stored.Epoch > epoch)
        {
            throw new StaleEpochException(sessionId, epoch, stored.Epoch);
        }
    }

    private static async Task<List<TranscriptSegment>> ReadSegmentsAsync(string path, CancellationToken cancellationToken)
    {
        var segments = new List<TranscriptSegment>();
        if (!File.Exists(path))
        {
            return segments;
        }

        foreach (var line in await File.ReadAllLinesAsync(path, cancellationToken).ConfigureAwait(false))
        {
            // A torn last line (crash mid-write) is skipped: that final was never acknowledged as stored.
            if (line.Length > 0 && TryParse(line) is { } segment)
            {
                segments.Add(segment);
            }
        }

        return segments;
    }

    private static TranscriptSegment? TryParse(string line)
    {
        try
        {
            return JsonSerializer.Deserialize<TranscriptSegment>(line, Json);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private string SessionDirectory(string sessionId)
    {
        // Ids come from clients: only canonical UUIDs may become paths.
        var id = SessionIds.Normalize(sessionId) ?? throw new ArgumentException($"'{sessionId}' is not a session id.", nameof(sessionId));
        return Path.Combine(options.Value.FullDataDirectory, "sessions", id);
    }

    private SemaphoreSlim LockOf(string sessionId) => _locks[(int)((uint)StringComparer.Ordinal.GetHashCode(sessionId) % (uint)_locks.Length)];
}
