using System.Collections.Concurrent;
using LiveTranscription.Grains.Abstractions.Sessions;

namespace LiveTranscription.Gateway.Connections;

/// <summary>What the gateway keeps per SignalR connection. Nothing here is needed to recover a session.</summary>
internal sealed class ClientConnection(ClientRef client, ClientOutbox outbox, ChunkRateLimiter limiter)
{
    public ClientRef Client { get; } = client;

    public string ConnectionId => Client.ConnectionId;

    public ClientOutbox Outbox { get; } = outbox;

    public ChunkRateLimiter Limiter { get; } = limiter;

    /// <summary>Sessions this connection speaks in or listens to (its fan-out memberships).</summary>
    public ConcurrentDictionary<string, byte> Sessions { get; } = new();
}
