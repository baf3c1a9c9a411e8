using System.Collections.Concurrent;
using LiveTranscription.Gateway.Connections;
using LiveTranscription.Grains.Abstractions.Sessions;
using LiveTranscription.Runtime.Grains;
using Microsoft.Extensions.Options;

namespace LiveTranscription.Gateway.Fanout;

/// <summary>
/// At most one upstream subscription per (gateway, session): created when the first local connection
/// starts or joins a session, removed when the last one leaves.
/// </summary>
internal sealed partial class FanoutRegistry(IGrainFactory grains, IOptions<GatewayOptions> options, ILogger<FanoutRegistry> logger)
{
    private readonly ConcurrentDictionary<string, SessionFanout> _fanouts = new();

    public int Count => _fanouts.Count;

    /// <summary>Makes <paramref name="connection"/> a pending member of the session's fan-out, subscribing if needed.</summary>
    public async Task<SessionFanout> JoinAsync(string sessionId, ClientConnection connection)
    {
        while (true)
        {
            var fanout = _fanouts.GetOrAdd(sessionId, id => new SessionFanout(id, $"{options.Value.GatewayId}/{Guid.NewGuid():N}"));
            if (!fanout.TryAddPending(connection))
            {
                _fanouts.TryRemove(KeyValuePair.Create(sessionId, fanout)); // closed: replace it
                continue;
            }

            try
            {
                await fanout.EnsureSubscribedAsync(() => grains.GetGrain<ISessionGrain>(sessionId).SubscribeAsync(fanout.SubscriptionId, fanout));
            }
            catch
            {
                await LeaveAsync(sessionId, connection);
                throw;
            }

            return fanout;
        }
    }

    /// <summary>Removes the connection from the session's fan-out; the last one out unsubscribes.</summary>
    public async Task LeaveAsync(string sessionId, ClientConnection connection)
    {
        if (!_fanouts.TryGetValue(sessionId, out var fanout) || !fanout.RemoveAndCloseIfEmpty(connection.ConnectionId))
        {
            return;
        }

        _fanouts.TryRemove(KeyValuePair.Create(sessionId, fanout));
        try
        {
            await grains.GetGrain<ISessionGrain>(sessionId).UnsubscribeAsync(fanout.SubscriptionId);
        }
        catch (Exception ex)
        {
            Log.UnsubscribeFailed(logger, sessionId, ex);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(310, LogLevel.Warning, "Session {SessionId}: unsubscribing the fan-out failed", EventName = "FanoutUnsubscribeFailed")]
        public static partial void UnsubscribeFailed(ILogger logger, string sessionId, Exception exception);
    }
}
