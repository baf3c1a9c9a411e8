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

    /// <summary>Sessions this connection speaks in or listens to, with its roles there.</summary>
    public ConcurrentDictionary<string, SessionRoles> Sessions { get; } = new();

    public SessionRoles RolesIn(string sessionId) => Sessions.GetValueOrDefault(sessionId);

    public void AddRole(string sessionId, SessionRoles role) => Sessions.AddOrUpdate(sessionId, role, (_, r) => r | role);

    /// <summary>Removes a role; returns the roles left.</summary>
    public SessionRoles RemoveRole(string sessionId, SessionRoles role)
    {
        var left = Sessions.AddOrUpdate(sessionId, SessionRoles.None, (_, r) => r & ~role);
        if (left == SessionRoles.None)
        {
            Sessions.TryRemove(KeyValuePair.Create(sessionId, SessionRoles.None));
        }

        return left;
    }
}
