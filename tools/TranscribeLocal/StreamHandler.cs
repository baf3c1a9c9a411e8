using System.Net.WebSockets;
using System.Text.Json;
using System.Threading.Channels;
using Amazon.Runtime.EventStreams;
using LiveTranscription.Grains.Audio;
using LiveTranscription.Grains.Engines;
using LiveTranscription.Grains.Engines.Transcribe;
using Microsoft.Extensions.Options;

namespace LiveTranscription.TranscribeLocal;

/// <summary>
/// One streaming transcription: verifies the presigned URL, then AudioEvents in (resampled to the offline
/// engine's 16 kHz), TranscriptEvents out, as Transcribe does; an empty AudioEvent ends the audio, the last
/// results follow, then a normal close. Faults from the <see cref="FaultPlan"/> replace the normal course.
/// </summary>
public sealed partial class StreamHandler(EngineCatalog engines, IOptions<LocalOptions> options, FaultPlan faults, TimeProvider time, ILogger<StreamHandler> logger)
{
    public async Task HandleAsync(HttpContext context, bool medical)
    {
        var url = new Uri($"http://{context.Request.Host}{context.Request.Path}{context.Request.QueryString}");
        var local = options.Value;
        if (SigV4QueryVerifier.Verify(url, context.Request.Host.Value ?? string.Empty, "transcribe",
                key => key == local.AccessKeyId ? local.SecretAccessKey : null, time.GetUtcNow().UtcDateTime) is { } invalid)
        {
            LogRefused(logger, invalid);
            context.Response.StatusCode = StatusCodes.Status403Forbidden;
            await context.Response.WriteAsync(invalid);
            return;
        }

        if (!context.WebSockets.IsWebSocketRequest)
        {
            context.Response.StatusCode = StatusCodes.Status426UpgradeRequired;
            return;
        }

        using var socket = await context.WebSockets.AcceptWebSocketAsync();
        var (parameters, error) = StreamParameters.Parse(context.Request.Query, medical);
        if (parameters is null)
        {
            await SendExceptionAndCloseAsync(socket, "BadRequestException", error!);
            return;
        }

        var fault = faults.Next(parameters.SessionId);
        LogStream(logger, parameters.SessionId, parameters.SampleRate, medical, fault?.Type, fault?.AfterSeconds);
        await RunAsync(context, socket, parameters, fault);
    }

    private async Task RunAsync(HttpContext context, WebSocket socket, StreamParameters parameters, Fault? fault)
    {
        var results = Channel.CreateUnbounded<EngineResult>(new UnboundedChannelOptions { SingleReader = true });
        var sink = new ChannelSink(results.Writer);
        var engine = await engines.Find("offline")!.StartStreamAsync(new EngineStreamOptions(parameters.SessionId, "en-US", 16000), sink, context.RequestAborted);
        await using var _ = engine;
        var sender = SendResultsAsync(socket, results.Reader, context.Request.Query["show-speaker-label"] == "true", context.RequestAborted);
        var resampler = new PolyphaseResampler(parameters.SampleRate, engine.SampleRate);
        var buffer = new byte[64 * 1024];
        var message = new MemoryStream();
        long received = 0;
        try
        {
            while (true)
            {
                message.SetLength(0);
                WebSocketReceiveResult frame;
                do
                {
                    frame = await socket.ReceiveAsync(buffer, context.RequestAborted);
                    if (frame.MessageType == WebSocketMessageType.Close)
                    {
                        return;
                    }

                    message.Write(buffer, 0, frame.Count);
                }
                while (!frame.EndOfMessage);

                var bytes = message.ToArray();
                var audio = EventStreamMessage.FromBuffer(bytes, 0, bytes.Length).Payload;
                if (audio.Length == 0)
                {
                    await engine.FlushAsync(context.RequestAborted); // the last final
                    results.Writer.TryComplete();
                    await sender;
                    await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "end of audio", context.RequestAborted);
                    return;
                }

                received += audio.Length / 2;
                if (fault is not null && received >= fault.AfterSeconds * parameters.SampleRate)
                {
                    await InjectAsync(context, socket, fault, results.Writer, sender);
                    return;
                }

                var samples = Pcm16.AsSamples(audio);
                var output = new short[resampler.MaxOutputFor(samples.Length)];
                var n = resampler.Process(samples, output);
                while (!engine.TryWrite(output.AsSpan(0, n)))
                {
                    await Task.Delay(10, context.RequestAborted); // the decoder is behind: hold the socket (backpressure)
                }
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or WebSocketException)
        {
            // The client went away.
        }
        finally
        {
            results.Writer.TryComplete();
            LogStreamEnded(logger, parameters.SessionId, received / (double)parameters.SampleRate);
        }
    }

    private async Task InjectAsync(HttpContext context, WebSocket socket, Fault fault, ChannelWriter<EngineResult> results, Task sender)
    {
        LogInjecting(logger, fault.Type);
        results.TryComplete();
        await sender;
        if (fault.Type == "drop")
        {
            context.Abort();
            return;
        }

        await SendExceptionAndCloseAsync(socket, fault.Type, $"Injected {fault.Type} (local endpoint).");
    }

    private static async Task SendResultsAsync(WebSocket socket, ChannelReader<EngineResult> results, bool speakers, CancellationToken cancellationToken)
    {
        await foreach (var result in results.ReadAllAsync(cancellationToken))
        {
            var frame = new EventStreamMessage(
                [TranscribeEventStream.StringHeader(":content-type", "application/json"), TranscribeEventStream.StringHeader(":event-type", "TranscriptEvent"),
                 TranscribeEventStream.StringHeader(":message-type", "event")],
                JsonSerializer.SerializeToUtf8Bytes(TranscriptEvent(result, speakers))).ToByteArray();
            await socket.SendAsync(frame, WebSocketMessageType.Binary, true, cancellationToken);
        }
    }

    /// <summary>The TranscriptEvent JSON Transcribe sends: one result, its first alternative with per-word items (one speaker, "0").</summary>
    private static object TranscriptEvent(EngineResult r, bool speakers)
    {
        var words = r.Text.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var span = (r.End - r.Start).TotalSeconds / Math.Max(1, words.Length);
        return new
        {
            Transcript = new
            {
                Results = new[]
                {
                    new
                    {
                        ResultId = r.SegmentKey,
                        IsPartial = !r.IsFinal,
                        StartTime = r.Start.TotalSeconds,
                        EndTime = r.End.TotalSeconds,
                        ChannelId = "ch_0",
                        Alternatives = new[]
                        {
                            new
                            {
                                Transcript = r.Text,
                                Items = words.Select((w, i) => new
                                {
                                    Content = w,
                                    Confidence = r.Confidence,
                                    Type = "pronunciation",
                                    StartTime = r.Start.TotalSeconds + (i * span),
                                    EndTime = r.Start.TotalSeconds + ((i + 1) * span),
                                    Speaker = speakers ? "0" : null,
                                }).ToArray(),
                            },
                        },
                    },
                },
            },
        };
    }

    private static async Task SendExceptionAndCloseAsync(WebSocket socket, string type, string message)
    {
        var frame = new EventStreamMessage(
            [TranscribeEventStream.StringHeader(":content-type", "application/json"), TranscribeEventStream.StringHeader(":exception-type", type),
             TranscribeEventStream.StringHeader(":message-type", "exception")],
            JsonSerializer.SerializeToUtf8Bytes(new { Message = message })).ToByteArray();
        await socket.SendAsync(frame, WebSocketMessageType.Binary, true, CancellationToken.None);
        await socket.CloseAsync(WebSocketCloseStatus.PolicyViolation, type, CancellationToken.None);
    }

    private sealed class ChannelSink(ChannelWriter<EngineResult> writer) : IEngineResultSink
    {
        public void OnResult(EngineResult result) => writer.TryWrite(result);

        public void OnError(Exception error) => writer.TryComplete(error);
    }

    [LoggerMessage(1, LogLevel.Warning, "Refused a stream: {Reason}")]
    private static partial void LogRefused(ILogger logger, string reason);

    [LoggerMessage(2, LogLevel.Information, "Stream {SessionId}: {SampleRate} Hz, medical {Medical}, fault {Fault} after {AfterSeconds} s")]
    private static partial void LogStream(ILogger logger, string sessionId, int sampleRate, bool medical, string? fault, double? afterSeconds);

    [LoggerMessage(4, LogLevel.Information, "Stream {SessionId} ended after {Seconds:0.00} s of audio")]
    private static partial void LogStreamEnded(ILogger logger, string sessionId, double seconds);

    [LoggerMessage(3, LogLevel.Information, "Injecting {Fault}")]
    private static partial void LogInjecting(ILogger logger, string fault);
}
