using LiveTranscription.Cluster.Link;
using LiveTranscription.Cluster.Membership;
using LiveTranscription.Grains.Abstractions.Link;
using LiveTranscription.Grains.Abstractions.Protocol;
using LiveTranscription.Grains.Abstractions.Sessions;
using LiveTranscription.Runtime.Directory;
using LiveTranscription.Runtime.Grains;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core.Features;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace LiveTranscription.Silo.Link;

/// <summary>
/// The silo's side of the gateway↔silo link: <c>POST /livetranscription.link.v1.SessionLink/Open</c>, gRPC wire format
/// on Kestrel HTTP/2 (session_link.proto). Each up message becomes a call to the local session grain; calls are issued
/// in arrival order (the grain's mailbox keeps that order) and answered as they complete. A session owned by another
/// silo is answered with that owner's id; a draining silo answers <c>Moved</c>.
/// </summary>
internal sealed partial class SessionLinkEndpoint(IGrainFactory grains, LinkStreams streams, SiloMembership membership, IOptions<Cluster.SiloOptions> options, ILogger<SessionLinkEndpoint> logger)
{
    public async Task HandleAsync(HttpContext http)
    {
        if (!http.Request.Protocol.Equals("HTTP/2", StringComparison.Ordinal)
            || http.Request.ContentType?.StartsWith(GrpcFrames.ContentType, StringComparison.Ordinal) != true)
        {
            http.Response.StatusCode = StatusCodes.Status415UnsupportedMediaType;
            return;
        }

        http.Features.Get<IHttpMinRequestBodyDataRateFeature>()?.MinDataRate = null; // a paused speaker sends nothing for minutes
        http.Response.ContentType = GrpcFrames.ContentType;
        await http.Response.StartAsync(http.RequestAborted);
        await http.Response.Body.FlushAsync(http.RequestAborted); // else Kestrel holds the headers back

        var (status, message) = await RunAsync(http);
        http.Response.AppendTrailer("grpc-status", status.ToString(System.Globalization.CultureInfo.InvariantCulture));
        if (message is not null)
        {
            http.Response.AppendTrailer("grpc-message", Uri.EscapeDataString(message));
        }
    }

    private async Task<(int Status, string? Message)> RunAsync(HttpContext http)
    {
        var limit = options.Value.MaxLinkMessageBytes;
        Up? first;
        try
        {
            first = await GrpcFrames.ReadAsync(http.Request.Body, Up.Parser, limit, http.RequestAborted);
        }
        catch (InvalidDataException ex)
        {
            return (GrpcStatus.InvalidArgument, ex.Message);
        }

        if (first?.Open is not { } open || SessionIds.Normalize(open.SessionId) != open.SessionId)
        {
            return (GrpcStatus.InvalidArgument, "The first message must open a session by its id.");
        }

        var stream = new LinkStream(open.SessionId, open.GatewayId, options.Value.LinkQueueCapacity);
        using var aborted = CancellationTokenSource.CreateLinkedTokenSource(http.RequestAborted, stream.Aborted);
        streams.Add(stream);
        var writer = PumpAsync(stream, http.Response.Body, aborted.Token);
        try
        {
            if (!streams.Accepting)
            {
                stream.Move("silo draining");
            }
            else
            {
                stream.Send(new Down { Opened = new Opened { SiloId = membership.Self?.SiloId ?? string.Empty } });
                await ReadLoopAsync(stream, http.Request.Body, limit, aborted.Token);
            }

            stream.Complete();
            await writer;
            return (GrpcStatus.Ok, null);
        }
        catch (InvalidDataException ex)
        {
            return (GrpcStatus.InvalidArgument, ex.Message);
        }
        catch (OperationCanceledException) when (stream.Aborted.IsCancellationRequested && !http.RequestAborted.IsCancellationRequested)
        {
            Log.StreamOverflow(logger, stream.SessionId, stream.GatewayId);
            return (GrpcStatus.ResourceExhausted, "The gateway did not keep up with the session's events.");
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException)
        {
            return (GrpcStatus.Cancelled, null); // the gateway went away
        }
        finally
        {
            streams.Remove(stream);
            stream.Abort();
            await ForgetAsync(stream, disconnectClients: streams.Accepting);

            stream.Dispose();
        }
    }

    private async Task ReadLoopAsync(LinkStream stream, Stream body, int limit, CancellationToken cancellationToken)
    {
        var grain = grains.GetGrain<ISessionGrain>(stream.SessionId);
        while (await GrpcFrames.ReadAsync(body, Up.Parser, limit, cancellationToken) is { } up)
        {
            switch (up.KindCase)
            {
                case Up.KindOneofCase.Audio:
                    var audio = up.Audio;
                    var speaker = ToClient(audio.Caller);
                    stream.Saw(speaker);
                    _ = ReplyAsync(stream, audio.Id, () => Json(grain.SendAudioAsync(speaker, audio.Sequence, audio.Data.ToByteArray())));
                    break;
                case Up.KindOneofCase.Call:
                    var call = up.Call;
                    stream.Saw(ToClient(call.Caller));
                    _ = ReplyAsync(stream, call.Id, () => LinkCalls.InvokeAsync(grain, stream, call));
                    break;
                default:
                    throw new InvalidDataException($"Unexpected {up.KindCase} message after the open.");
            }
        }
    }

    private async Task ReplyAsync(LinkStream stream, long id, Func<Task<Google.Protobuf.ByteString?>> call)
    {
        var reply = new Reply { Id = id };
        try
        {
            if (await call() is { } json)
            {
                reply.Json = json;
            }
        }
        catch (SessionException ex)
        {
            reply.Error = LinkErrors.From(ex);
        }
        catch (GrainOwnedElsewhereException ex)
        {
            reply.Error = LinkErrors.Owned(ex.OwnerSiloId);
        }
        catch (SiloNotAcceptingException ex)
        {
            reply.Error = LinkErrors.Unavailable(ex.Message);
        }
        catch (Exception ex)
        {
            Log.CallFailed(logger, stream.SessionId, ex);
            reply.Error = LinkErrors.From(new SessionException(ErrorCode.InternalError, "Unexpected server error; retry.", recoverable: true, retryAfter: TimeSpan.FromSeconds(1)));
        }

        stream.Send(new Down { Reply = reply });
    }

    private static async Task<Google.Protobuf.ByteString?> Json<T>(Task<T> call) => LinkJson.Encode(await call);

    private static async Task PumpAsync(LinkStream stream, Stream body, CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var down in stream.Outgoing.ReadAllAsync(cancellationToken))
            {
                await body.WriteAsync(GrpcFrames.Encode(down), cancellationToken);
                if (!stream.Outgoing.TryPeek(out _))
                {
                    await body.FlushAsync(cancellationToken); // batch what is queued, flush when caught up
                }
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException)
        {
            stream.Abort();
        }
    }

    /// <summary>
    /// The stream ended: its subscriptions are removed from the session. If the silo is not draining, its clients are
    /// also disconnected as far as the session knows (the gateway died, or the network between them broke), which starts
    /// the speaker's reconnect grace; a gateway that is alive reopens at once and replays the speaker's start, which
    /// marks it connected again (as does its next chunk).
    /// </summary>
    private async Task ForgetAsync(LinkStream stream, bool disconnectClients)
    {
        var (subscriptions, clients) = stream.Snapshot();
        var grain = grains.GetGrain<ISessionGrain>(stream.SessionId);
        foreach (var id in subscriptions)
        {
            await TryAsync(stream, () => grain.UnsubscribeAsync(id));
        }

        foreach (var client in disconnectClients ? clients : [])
        {
            await TryAsync(stream, () => grain.ClientDisconnectedAsync(client));
        }
    }

    private async Task TryAsync(LinkStream stream, Func<Task> call)
    {
        try
        {
            await call();
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            Log.ForgetFailed(logger, stream.SessionId, ex.Message); // the activation is gone or elsewhere: nothing to tell
        }
    }

    internal static ClientRef ToClient(Client? c)
        => c is null ? throw new InvalidDataException("A call without its client.") : new ClientRef(c.GatewayId, c.ConnectionId, c.UserId);

    public static void Map(IEndpointRouteBuilder endpoints)
        => endpoints.MapPost(LinkPaths.Open, (HttpContext http, SessionLinkEndpoint link) => link.HandleAsync(http));

    private static partial class Log
    {
        [LoggerMessage(500, LogLevel.Warning, "Session {SessionId}: link stream of gateway {GatewayId} overflowed; closed", EventName = "LinkOverflow")]
        public static partial void StreamOverflow(ILogger logger, string sessionId, string gatewayId);

        [LoggerMessage(501, LogLevel.Error, "Session {SessionId}: link call failed unexpectedly", EventName = "LinkCallFailed")]
        public static partial void CallFailed(ILogger logger, string sessionId, Exception exception);

        [LoggerMessage(502, LogLevel.Debug, "Session {SessionId}: telling the session a stream closed failed: {Reason}", EventName = "LinkForgetFailed")]
        public static partial void ForgetFailed(ILogger logger, string sessionId, string reason);
    }
}
