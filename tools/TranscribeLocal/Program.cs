using LiveTranscription.Grains.Engines;
using LiveTranscription.TranscribeLocal;

// A local Amazon Transcribe streaming endpoint (WebSocket protocol, SigV4-presigned URLs) backed by the
// offline engine. `dotnet run --project tools/TranscribeLocal`; point Engines:Aws:Endpoint at it.
var builder = WebApplication.CreateBuilder(args);
builder.Services.AddOptions<LocalOptions>().BindConfiguration("Local");
builder.Services.AddSpeechEngines(builder.Configuration);
builder.Services.AddSingleton(TimeProvider.System);
builder.Services.AddSingleton<FaultPlan>();
builder.Services.AddSingleton<StreamHandler>();
var app = builder.Build();
app.UseWebSockets();
app.Map("/stream-transcription-websocket", (HttpContext c, StreamHandler h) => h.HandleAsync(c, medical: false));
app.Map("/medical-stream-transcription-websocket", (HttpContext c, StreamHandler h) => h.HandleAsync(c, medical: true));
app.MapPost("/faults", (string type, double? afterSeconds, int? times, string? session, FaultPlan plan) =>
{
    plan.Add(new Fault(type, afterSeconds ?? 0, string.IsNullOrEmpty(session) ? null : session), times ?? 1);
    return Results.NoContent();
});
app.MapDelete("/faults", (FaultPlan plan) =>
{
    plan.Clear();
    return Results.NoContent();
});
app.MapGet("/health", () => "ok");
app.Run();
