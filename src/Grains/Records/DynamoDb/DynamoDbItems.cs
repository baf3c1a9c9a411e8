using System.Globalization;
using Amazon.DynamoDBv2.Model;

namespace LiveTranscription.Grains.Records.DynamoDb;

/// <summary>Item layout of the records and segments tables (documented in docs/operations.md).</summary>
internal static class DynamoDbItems
{
    private static readonly Dictionary<SessionRecordStatus, string> StatusNames = new()
    {
        [SessionRecordStatus.InProgress] = "IN_PROGRESS",
        [SessionRecordStatus.Completed] = "COMPLETED",
        [SessionRecordStatus.Failed] = "FAILED",
    };

    public static Dictionary<string, AttributeValue> FromRecord(SessionRecord r)
    {
        var item = new Dictionary<string, AttributeValue>
        {
            ["sessionId"] = S(r.SessionId),
            ["userId"] = S(r.UserId),
            ["status"] = S(StatusNames[r.Status]),
            ["createdAt"] = S(Time(r.CreatedAt)),
            ["updatedAt"] = S(Time(r.UpdatedAt)),
            ["sampleRate"] = N(r.SampleRate),
            ["quality"] = S(r.Quality),
            ["encoding"] = S(r.Encoding),
            ["languageCode"] = S(r.LanguageCode),
            ["engine"] = S(r.Engine),
            ["transcriptionId"] = S(r.TranscriptionId),
            ["durationSeconds"] = N(r.DurationSeconds),
            ["wordCount"] = N(r.WordCount),
            ["segmentCount"] = N(r.SegmentCount),
            ["lastSequence"] = N(r.LastSequence),
            ["epoch"] = N(r.Epoch),
        };
        if (r.AudioKey is not null)
        {
            item["audioKey"] = S(r.AudioKey);
        }

        if (r.AudioKeys is { Count: > 0 } keys)
        {
            item["audioKeys"] = new AttributeValue { L = [.. keys.Select(S)] };
        }

        if (r.Reason is not null)
        {
            item["reason"] = S(r.Reason);
        }

        if (r.Partial is { } p)
        {
            item["partial"] = new AttributeValue { M = FromSegment(r.SessionId, r.Epoch, p) };
        }

        if (r.Resume is { } resume)
        {
            item["resume"] = S(System.Text.Json.JsonSerializer.Serialize(resume, ResumeJson));
        }

        return item;
    }

    public static SessionRecord ToRecord(Dictionary<string, AttributeValue> i) => new()
    {
        SessionId = i["sessionId"].S,
        UserId = i["userId"].S,
        Status = StatusNames.First(p => p.Value == i["status"].S).Key,
        CreatedAt = DateTimeOffset.Parse(i["createdAt"].S, CultureInfo.InvariantCulture),
        UpdatedAt = DateTimeOffset.Parse(i["updatedAt"].S, CultureInfo.InvariantCulture),
        SampleRate = (int)Long(i, "sampleRate"),
        Quality = i["quality"].S,
        Encoding = i["encoding"].S,
        LanguageCode = i["languageCode"].S,
        Engine = i["engine"].S,
        TranscriptionId = i["transcriptionId"].S,
        AudioKey = i.TryGetValue("audioKey", out var key) ? key.S : null,
        AudioKeys = i.TryGetValue("audioKeys", out var keys) && keys.L is { Count: > 0 } list ? [.. list.Select(k => k.S)] : null,
        DurationSeconds = Double(i, "durationSeconds"),
        WordCount = (int)Long(i, "wordCount"),
        SegmentCount = (int)Long(i, "segmentCount"),
        LastSequence = Long(i, "lastSequence"),
        Reason = i.TryGetValue("reason", out var reason) ? reason.S : null,
        Epoch = Long(i, "epoch"),
        Partial = i.TryGetValue("partial", out var partial) && partial.M is { Count: > 0 } m ? ToSegment(m) : null,
        Resume = i.TryGetValue("resume", out var resume) && resume.S is { Length: > 0 } json
            ? System.Text.Json.JsonSerializer.Deserialize<SessionResumeState>(json, ResumeJson)
            : null,
    };

    private static readonly System.Text.Json.JsonSerializerOptions ResumeJson = new(System.Text.Json.JsonSerializerDefaults.Web);

    public static Dictionary<string, AttributeValue> SegmentKey(string sessionId, long segmentId)
        => new() { ["sessionId"] = S(sessionId), ["segmentId"] = N(segmentId) };

    public static Dictionary<string, AttributeValue> FromSegment(string sessionId, long epoch, TranscriptSegment s) => new()
    {
        ["sessionId"] = S(sessionId),
        ["segmentId"] = N(s.SegmentId),
        ["text"] = S(s.Text),
        ["startTime"] = N(s.StartTime),
        ["endTime"] = N(s.EndTime),
        ["confidence"] = N(s.Confidence),
        ["createdAt"] = S(Time(s.CreatedAt)),
        ["epoch"] = N(epoch),
    };

    public static TranscriptSegment ToSegment(Dictionary<string, AttributeValue> i) => new(
        Long(i, "segmentId"), i["text"].S, Double(i, "startTime"), Double(i, "endTime"), Double(i, "confidence"),
        DateTimeOffset.Parse(i["createdAt"].S, CultureInfo.InvariantCulture));

    public static AttributeValue N(long value) => new() { N = value.ToString(CultureInfo.InvariantCulture) };

    public static AttributeValue N(double value) => new() { N = value.ToString("R", CultureInfo.InvariantCulture) };

    public static long Long(Dictionary<string, AttributeValue>? item, string name)
        => item is not null && item.TryGetValue(name, out var v) && v.N is not null ? long.Parse(v.N, CultureInfo.InvariantCulture) : -1;

    private static double Double(Dictionary<string, AttributeValue> item, string name) => double.Parse(item[name].N, CultureInfo.InvariantCulture);

    public static AttributeValue S(string value) => new() { S = value };

    /// <summary>ISO 8601 UTC with 7 fractional digits: sorts as text, so the GSI orders a user's sessions by start.</summary>
    private static string Time(DateTimeOffset t) => SessionPageToken.Time(t);
}
