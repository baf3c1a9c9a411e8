using LiveTranscription.Gateway.Connections;
using LiveTranscription.Grains.Abstractions.Sessions;

namespace LiveTranscription.Gateway.Fanout;

/// <summary>
/// This gateway's single subscription to one session, fanned out to its local connections (speaker
/// and listeners). A connection joins as <em>pending</em>: notifications are buffered for it until the
/// session's answer (start/join ack) tells which notifications the ack already covers (the watermark);
/// only later ones are delivered. So a late joiner sees every final exactly once.
/// </summary>
internal sealed class SessionFanout(string sessionId, string subscriptionId) : ISessionObserver
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, Member> _members = [];
    private Task? _subscribed;
    private bool _closed;

    public string SessionId { get; } = sessionId;

    public string SubscriptionId { get; } = subscriptionId;

    /// <summary>Adds a pending member; false if this fan-out was closed (the caller makes a new one). True if already a member.</summary>
    public bool TryAddPending(ClientConnection connection)
    {
        lock (_lock)
        {
            if (_closed)
            {
                return false;
            }

            if (!_members.ContainsKey(connection.ConnectionId))
            {
                _members[connection.ConnectionId] = new Member(connection) { Buffer = [] };
            }

            return true;
        }
    }

    /// <summary>The member's ack covers notifications up to <paramref name="watermark"/>: deliver what came after.</summary>
    public void Activate(string connectionId, long watermark)
    {
        lock (_lock)
        {
            if (!_members.TryGetValue(connectionId, out var member) || member.Buffer is null)
            {
                return; // already live (a repeated start or join)
            }

            member.Watermark = Math.Max(member.Watermark, watermark);
            var buffered = member.Buffer;
            member.Buffer = null;
            foreach (var n in buffered)
            {
                Deliver(member, n);
            }
        }
    }

    /// <summary>Removes a member; returns true when none is left and the fan-out is now closed.</summary>
    public bool RemoveAndCloseIfEmpty(string connectionId)
    {
        lock (_lock)
        {
            _members.Remove(connectionId);
            if (_members.Count == 0)
            {
                _closed = true;
            }

            return _closed;
        }
    }

    /// <summary>Subscribes once; later callers await the same subscription.</summary>
    public Task EnsureSubscribedAsync(Func<Task> subscribe)
    {
        lock (_lock)
        {
            if (_subscribed is null || _subscribed.IsFaulted || _subscribed.IsCanceled)
            {
                _subscribed = subscribe();
            }

            return _subscribed;
        }
    }

    public void OnNotification(string sessionId, SessionNotification notification)
    {
        lock (_lock)
        {
            foreach (var member in _members.Values)
            {
                if (member.Buffer is { } buffer)
                {
                    buffer.Add(notification);
                }
                else
                {
                    Deliver(member, notification);
                }
            }
        }
    }

    private static void Deliver(Member member, SessionNotification n)
    {
        if (n.Sequence <= member.Watermark)
        {
            return; // already reflected in this member's ack
        }

        member.Watermark = n.Sequence;
        if (n.Audience == Audience.Speaker && n.Target?.ConnectionId != member.Connection.ConnectionId)
        {
            return;
        }

        member.Connection.Outbox.Send(n.Method, n.Payload);
    }

    private sealed class Member(ClientConnection connection)
    {
        public ClientConnection Connection { get; } = connection;

        public long Watermark { get; set; } = -1;

        public List<SessionNotification>? Buffer { get; set; }
    }
}
