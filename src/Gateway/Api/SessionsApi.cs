using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using LiveTranscription.Grains.Abstractions.Sessions;
using LiveTranscription.Grains.Records;

namespace LiveTranscription.Gateway.Api;

/// <summary>
/// REST read API over stored records: <c>GET /api/sessions/{id}</c> and <c>GET /api/sessions/{id}/transcript</c>
/// (plain text by default; JSON segments with <c>?format=json</c> or <c>Accept: application/json</c>; captions
/// with <c>?format=vtt</c> (WebVTT) or <c>?format=srt</c> (SubRip)), and <c>GET /api/users/{userId}/sessions</c> (paged).
/// </summary>
internal static class SessionsApi
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static IEndpointRouteBuilder MapSessionsApi(this IEndpointRouteBuilder app)
    {
        var sessions = app.MapGroup("/api/sessions");
        sessions.MapGet("/{id}", GetRecordAsync);
        sessions.MapGet("/{id}/transcript", GetTranscriptAsync);
        app.MapGet("/api/users/{userId}/sessions", ListUserSessionsAsync);
        return app;
    }

    private static async Task<IResult> GetRecordAsync(string id, ISessionStore store, CancellationToken cancellationToken)
    {
        if (SessionIds.Normalize(id) is not { } sessionId || await store.GetRecordAsync(sessionId, cancellationToken) is not { } record)
        {
            return NotFound(id);
        }

        var segments = await store.GetSegmentsAsync(sessionId, cancellationToken);
        var body = JsonSerializer.SerializeToNode(Public(record), Json)!.AsObject();
        body["transcript"] = Text(segments);
        return Results.Json(body);
    }

    private static async Task<IResult> GetTranscriptAsync(string id, string? format, HttpRequest request, ISessionStore store, CancellationToken cancellationToken)
    {
        if (SessionIds.Normalize(id) is not { } sessionId || await store.GetRecordAsync(sessionId, cancellationToken) is not { } record)
        {
            return NotFound(id);
        }

        var segments = await store.GetSegmentsAsync(sessionId, cancellationToken);
        var kind = format?.ToLowerInvariant()
            ?? (request.Headers.Accept.Any(a => a?.Contains("application/json", StringComparison.OrdinalIgnoreCase) == true) ? "json" : "text");
        return kind switch
        {
            "text" or "txt" => Results.Text(Text(segments), "text/plain", Encoding.UTF8),
            "vtt" => Results.Text(CaptionFormats.WebVtt(segments), "text/vtt", Encoding.UTF8),
            "srt" => Results.Text(CaptionFormats.Srt(segments), "application/x-subrip", Encoding.UTF8),
            "json" => Results.Json(new JsonObject
            {
                ["sessionId"] = sessionId,
                ["status"] = JsonSerializer.SerializeToNode(record.Status, Json),
                ["text"] = Text(segments),
                ["segments"] = JsonSerializer.SerializeToNode(segments, Json),
            }),
            _ => BadRequest($"Unknown transcript format '{format}'; use text, json, vtt or srt."),
        };
    }

    /// <summary>A user's sessions, newest first: <c>?limit=</c> 1–100 (default 20), <c>?pageToken=</c> from the previous page.</summary>
    private static async Task<IResult> ListUserSessionsAsync(string userId, int? limit, string? pageToken, ISessionStore store, CancellationToken cancellationToken)
    {
        if (limit is < 1 or > 100)
        {
            return BadRequest("limit must be between 1 and 100.");
        }

        if (pageToken is not null && SessionPageToken.Parse(pageToken) is null)
        {
            return BadRequest("pageToken is not a token from a previous page.");
        }

        var page = await store.ListUserSessionsAsync(userId, limit ?? 20, pageToken, cancellationToken);
        return Results.Json(new JsonObject
        {
            ["userId"] = userId,
            ["sessions"] = JsonSerializer.SerializeToNode(page.Sessions.Select(Public), Json),
            ["nextPageToken"] = page.NextPageToken,
        });
    }

    /// <summary>The record as readers see it: the resume state (the speaker's secret token, its connection) is internal.</summary>
    private static SessionRecord Public(SessionRecord record) => record with { Resume = null };

    private static IResult BadRequest(string detail) => Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "INVALID_REQUEST", detail: detail);

    private static string Text(IReadOnlyList<TranscriptSegment> segments) => string.Join(' ', segments.Select(s => s.Text));

    private static IResult NotFound(string id) => Results.Problem(
        statusCode: StatusCodes.Status404NotFound, title: "SESSION_NOT_FOUND", detail: $"No session record for '{id}'.");
}
