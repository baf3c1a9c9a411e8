using System.Collections.Concurrent;
using System.Text.Json;
using LiveTranscription.Grains.Abstractions.Sessions;
using LiveTranscription.Grains.Storage;
using Microsoft.Extensions.Options;

namespace LiveTranscription.Grains.Records;

/// <summary>
/// Embedded-mode store: <c>sessions/{id}/record.json</c> (replaced atomically) and
/// <c>sessions/{id}/segments.jsonl</c> (one final per line, appended and flushed). A crash loses at
/// most what was not yet written: the current partial.
/// </summary>
internal sealed class FileSessionStore(IOptions<StorageOptions> options) : ISessionStore
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private readonly SemaphoreSlim[] _locks = [.. Enumerable.Range(0, 64).Select(_ => new SemaphoreSlim(1, 1))];
    private readonly ConcurrentDictionary<string, long> _lastSegment = new();

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
            File.Move(tmp, Path.Combine(dir, "record.json"), overwrite: true);
            if (record.Status != SessionRecordStatus.InProgress)
            {
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
