using System.Text;
using System.Text.Json;
using Amazon.Runtime.EventStreams;

namespace LiveTranscription.Grains.Engines.Transcribe;

/// <summary>A message from Transcribe's event stream: transcript results, or an exception that ends the stream.</summary>
public sealed record TranscribeMessage(IReadOnlyList<TranscribeResult> Results, string? ExceptionType, string? ExceptionMessage)
{
    public bool IsException => ExceptionType is not null;
}

/// <summary>One result of a <c>TranscriptEvent</c> (first alternative), in the stream's own time.</summary>
public sealed record TranscribeResult(string ResultId, bool IsPartial, double StartTime, double EndTime, string Text, double? Confidence, string? Speaker);

/// <summary>
/// The AWS event-stream messages (application/vnd.amazon.eventstream) Transcribe streaming exchanges over
/// its WebSocket, framed by AWSSDK.Core: <c>AudioEvent</c>s up, <c>TranscriptEvent</c>s and exceptions down.
/// </summary>
public static class TranscribeEventStream
{
    /// <summary>An <c>AudioEvent</c> carrying pcm (little-endian 16-bit); an empty one ends the audio.</summary>
    public static byte[] AudioEvent(ReadOnlySpan<byte> pcm) => new EventStreamMessage(
        [StringHeader(":content-type", "application/octet-stream"), StringHeader(":event-type", "AudioEvent"), StringHeader(":message-type", "event")],
        pcm.ToArray()).ToByteArray();

    public static EventStreamHeader StringHeader(string name, string value)
    {
        var header = new EventStreamHeader(name);
        header.SetString(value);
        return header;
    }

    /// <summary>Decodes one whole message (a WebSocket binary message carries exactly one).</summary>
    public static TranscribeMessage Decode(byte[] frame)
    {
        var message = EventStreamMessage.FromBuffer(frame, 0, frame.Length);
        var type = Header(message, ":message-type");
        if (type is "exception" or "error")
        {
            var name = Header(message, ":exception-type") ?? Header(message, ":error-code") ?? "UnknownException";
            return new TranscribeMessage([], name, ReadMessage(message.Payload) ?? Header(message, ":error-message"));
        }

        var eventType = Header(message, ":event-type");
        return eventType == "TranscriptEvent"
            ? new TranscribeMessage(ParseTranscriptEvent(message.Payload), null, null)
            : new TranscribeMessage([], null, null);
    }

    /// <summary>Parses a TranscriptEvent payload (standard and Medical share this shape); empty result lists are fine.</summary>
    public static IReadOnlyList<TranscribeResult> ParseTranscriptEvent(ReadOnlySpan<byte> json)
    {
        using var doc = JsonDocument.Parse(json.ToArray());
        if (!doc.RootElement.TryGetProperty("Transcript", out var transcript) || !transcript.TryGetProperty("Results", out var results))
        {
            return [];
        }

        var list = new List<TranscribeResult>();
        foreach (var r in results.EnumerateArray())
        {
            if (!r.TryGetProperty("Alternatives", out var alternatives) || alternatives.GetArrayLength() == 0)
            {
                continue;
            }

            var best = alternatives[0];
            double sum = 0;
            var count = 0;
            string? speaker = null;
            if (best.TryGetProperty("Items", out var items))
            {
                foreach (var item in items.EnumerateArray())
                {
                    if (item.TryGetProperty("Confidence", out var c) && c.ValueKind == JsonValueKind.Number)
                    {
                        sum += c.GetDouble();
                        count++;
                    }

                    speaker ??= item.TryGetProperty("Speaker", out var s) ? s.GetString() : null;
                }
            }

            list.Add(new TranscribeResult(
                r.GetProperty("ResultId").GetString() ?? string.Empty,
                r.TryGetProperty("IsPartial", out var partial) && partial.GetBoolean(),
                r.TryGetProperty("StartTime", out var start) ? start.GetDouble() : 0,
                r.TryGetProperty("EndTime", out var end) ? end.GetDouble() : 0,
                best.TryGetProperty("Transcript", out var text) ? text.GetString() ?? string.Empty : string.Empty,
                count > 0 ? sum / count : null,
                speaker));
        }

        return list;
    }

    private static string? Header(EventStreamMessage message, string name)
        => message.Headers.TryGetValue(name, out var h) ? h.AsString() : null;

    private static string? ReadMessage(byte[] payload)
    {
        if (payload.Length == 0)
        {
            return null;
        }

        try
        {
            using var doc = JsonDocument.Parse(payload);
            return doc.RootElement.TryGetProperty("Message", out var m) ? m.GetString() : doc.RootElement.ToString();
        }
        catch (JsonException)
        {
            return Encoding.UTF8.GetString(payload);
        }
    }
}
