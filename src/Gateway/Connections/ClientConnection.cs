using System.Collections.Concurrent;
using LiveTranscription.Grains.Abstractions.Sessions;

namespace LiveTranscription.Gateway.Connections;

/// <summary>What the gateway keeps per SignalR connection. Nothing here is needed to recover a session.</summary>
internal sealed class ClientConnection(ClientRef client, ClientOutbox outbox, ChunkRateLimiter audioLimiter, ChunkRateLimiter controlLimiter)
{
    public ClientRef Client { get; } = client;

    public string ConnectionId => Client.ConnectionId;

    public ClientOutbox Outbox { get; } = outbox;

    /// <summary>Limits <c>SendAudio</c> calls.</summary>
    public ChunkRateLimiter AudioLimiter { get; } = audioLimiter;

    /// <summary>Limits every other call (start, join, status, …), so floods of them are refused too.</summary>
    public ChunkRateLimiter ControlLimiter { get; } = controlLimiter;

    /// <summary>Sessions this connection speaks in or listens to (its fan-out memberships).</summary>
    public ConcurrentDictionary<string, byte> Sessions { get; } = new();
}
