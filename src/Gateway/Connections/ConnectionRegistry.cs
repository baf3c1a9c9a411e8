using System.Collections.Concurrent;
using LiveTranscription.Gateway.Hubs;
using LiveTranscription.Grains.Abstractions.Sessions;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Options;

namespace LiveTranscription.Gateway.Connections;

/// <summary>The gateway's live connections.</summary>
internal sealed class ConnectionRegistry(IHubContext<TranscriptionHub> hub, IOptions<GatewayOptions> options, TimeProvider time, ILogger<ConnectionRegistry> logger)
{
    private readonly ConcurrentDictionary<string, ClientConnection> _connections = new();

    public int Count => _connections.Count;

    public ClientConnection Add(HubCallerContext context)
    {
        var o = options.Value;
        var client = new ClientRef(o.GatewayId, context.ConnectionId, context.UserIdentifier ?? "anonymous");
        var outbox = new ClientOutbox(context.ConnectionId, o.OutboxCapacity, hub, logger, context.Abort);
        var connection = new ClientConnection(client, outbox,
            new ChunkRateLimiter(o.ChunksPerSecond, o.ChunkBurst, time),
            new ChunkRateLimiter(o.ControlCallsPerSecond, o.ControlCallBurst, time));
        _connections[context.ConnectionId] = connection;
        return connection;
    }

    public ClientConnection Get(string connectionId)
        => _connections.TryGetValue(connectionId, out var c) ? c : throw new InvalidOperationException($"Connection {connectionId} is not registered.");

    public ClientConnection? Remove(string connectionId)
        => _connections.TryRemove(connectionId, out var c) ? c : null;
}
