using System.Threading.Channels;
using LiveTranscription.Cluster.Link;
using LiveTranscription.Grains.Abstractions.Link;
using LiveTranscription.Grains.Abstractions.Sessions;

namespace LiveTranscription.Silo.Link;

/// <summary>
/// The silo's end of one gateway's stream for one session. Everything going down (replies, notifications, a move)
/// is queued in a bounded channel drained by one writer; a gateway that falls that far behind loses its stream (it
/// reconnects and resubscribes) instead of stalling the session or growing memory. It is also the gateway's
/// subscription: the session's notifications are written to it.
/// </summary>
internal sealed class LinkStream(string sessionId, string gatewayId, int capacity) : ISessionObserver, IDisposable
{
    private readonly Channel<Down> _down = Channel.CreateBounded<Down>(new BoundedChannelOptions(capacity) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });
    private readonly CancellationTokenSource _aborted = new();

    public string SessionId { get; } = sessionId;

    public string GatewayId { get; } = gatewayId;

    public string Id { get; } = Guid.NewGuid().ToString("N");

    public ChannelReader<Down> Outgoing => _down.Reader;

    /// <summary>Cancelled when the stream must end: overflow, a move, or the silo stopping.</summary>
    public CancellationToken Aborted => _aborted.Token;

    private readonly Lock _lock = new();
    private readonly HashSet<string> _subscriptions = [];
    private readonly HashSet<ClientRef> _clients = [];

    /// <summary>A subscription the gateway registered through this stream (removed from the session when the stream ends).</summary>
    public void Subscribed(string subscriptionId, bool active)
    {
        lock (_lock)
        {
            _ = active ? _subscriptions.Add(subscriptionId) : _subscriptions.Remove(subscriptionId);
        }
    }

    /// <summary>A speaker or listener whose calls came through this stream (told to the session if the stream breaks).</summary>
    public void Saw(ClientRef client)
    {
        if (client.ConnectionId.Length == 0)
        {
            return;
        }

        lock (_lock)
        {
            _clients.Add(client);
        }
    }

    public (string[] Subscriptions, ClientRef[] Clients) Snapshot()
    {
        lock (_lock)
        {
            return ([.. _subscriptions], [.. _clients]);
        }
    }

    public void Send(Down message)
    {
        if (!_down.Writer.TryWrite(message))
        {
            Abort();
        }
    }

    /// <summary>Tells the gateway to reopen the session elsewhere, then ends the stream.</summary>
    public void Move(string reason)
    {
        _down.Writer.TryWrite(new Down { Moved = new Moved { Reason = reason } });
        _down.Writer.TryComplete();
    }

    public void Complete() => _down.Writer.TryComplete();

    public void Abort()
    {
        _down.Writer.TryComplete();
        try
        {
            _aborted.Cancel();
        }
        catch (ObjectDisposedException)
        {
        }
    }

    public void Dispose() => _aborted.Dispose();

    public void OnNotification(string sessionId, SessionNotification notification)
        => Send(new Down
        {
            Notification = new Notification
            {
                Sequence = notification.Sequence,
                SpeakerOnly = notification.Audience == Audience.Speaker,
                TargetConnectionId = notification.Target?.ConnectionId ?? string.Empty,
                Method = notification.Method,
                Json = LinkJson.Encode(notification.Payload),
            },
        });
}
