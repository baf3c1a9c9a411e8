using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using LiveTranscription.Grains.Abstractions.Sessions;
using LiveTranscription.Grains.Records;

namespace LiveTranscription.Gateway.Api;

/// <summary>
/// REST read API over stored records: <c>GET /api/sessions/{id}</c> and <c>GET /api/sessions/{id}/transcript</c>
/// (plain text by default; JSON segments with <c>?format=json</c> or <c>Accept: application/json</c>).
/// </summary>
internal static class SessionsApi
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static IEndpointRouteBuilder MapSessionsApi(this IEndpointRouteBuilder app)
    {
        var sessions = app.MapGroup("/api/sessions");
        sessions.MapGet("/{id}", GetRecordAsync);
        sessions.MapGet("/{id}/transcript", GetTranscriptAsync);
        return app;
    }

    private static async Task<IResult> GetRecordAsync(string id, ISessionStore store, CancellationToken cancellationToken)
    {
        if (SessionIds.Normalize(id) is not { } sessionId || await store.GetRecordAsync(sessionId, cancellationToken) is not { } record)
        {
            return NotFound(id);
        }

        var segments = await store.GetSegmentsAsync(sessionId, cancellationToken);
        var body = JsonSerializer.SerializeToNode(record, Json)!.AsObject();
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
        var wantsJson = string.Equals(format, "json", StringComparison.OrdinalIgnoreCase)
            || (format is null && request.Headers.Accept.Any(a => a?.Contains("application/json", StringComparison.OrdinalIgnoreCase) == true));
        if (!wantsJson)
        {
            return Results.Text(Text(segments), "text/plain", Encoding.UTF8);
        }

        return Results.Json(new JsonObject
        {
            ["sessionId"] = sessionId,
            ["status"] = JsonSerializer.SerializeToNode(record.Status, Json),
            ["text"] = Text(segments),
            ["segments"] = JsonSerializer.SerializeToNode(segments, Json),
        });
    }

    private static string Text(IReadOnlyList<TranscriptSegment> segments) => string.Join(' ', segments.Select(s => s.Text));

    private static IResult NotFound(string id) => Results.Problem(
        statusCode: StatusCodes.Status404NotFound, title: "SESSION_NOT_FOUND", detail: $"No session record for '{id}'.");
}
