using System.Text.Json;
using System.Threading.Channels;
using LiveTranscription.Cluster.Link;
using LiveTranscription.Grains.Abstractions.Link;
using LiveTranscription.Grains.Abstractions.Protocol;
using LiveTranscription.Grains.Abstractions.Sessions;

namespace LiveTranscription.Gateway.Cluster;

/// <summary>
/// This gateway's one stream for one session, to whichever silo owns it. Calls and audio chunks stay pending until
/// answered; when the stream breaks (the silo died, drained or was frozen past the suspicion timeout) the link resolves
/// the owner again, reopens, re-establishes what must hold on the new owner (the subscription, the speaker, the
/// listeners: "sticky" calls) and resends every pending call and unacknowledged chunk, in order. Replays are idempotent
/// on the grain (an accepted sequence is acknowledged and ignored; start, join and subscribe are repeatable), so
/// nothing is lost and nothing doubles. Callers see a delay, not an error.
/// </summary>
internal sealed partial class SessionLink(string sessionId, SiloLinks owner)
{
    private readonly Lock _lock = new();
    private readonly SortedDictionary<long, Pending> _pending = [];
    private readonly Dictionary<string, ISessionObserver> _observers = [];
    private readonly List<(string Key, Up Message)> _sticky = [];
    private Connection? _connection;
    private Task<Connection>? _connecting;
    private long _nextId;
    private long _lastFinal = -1;
    private (long At, string Reason)? _lost;
    private bool _closed;

    public string SessionId { get; } = sessionId;

    /// <summary>Timestamp of the last call or notification (idle streams are closed).</summary>
    public long LastActivity { get; private set; } = owner.Time.GetTimestamp();

    public bool IsIdle
    {
        get
        {
            lock (_lock)
            {
                return _pending.Count == 0 && _observers.Count == 0 && _sticky.Count == 0;
            }
        }
    }

    /// <summary>Sends a call and waits for its answer, across reconnects. Throws the grain's <see cref="SessionException"/>s.</summary>
    public async Task<Reply> InvokeAsync(Up message)
    {
        var pending = new Pending(message);
        lock (_lock)
        {
            ObjectDisposedException.ThrowIf(_closed, this);
            var id = ++_nextId;
            if (message.Call is not null)
            {
                message.Call.Id = id;
            }
            else
            {
                message.Audio.Id = id;
            }

            _pending[id] = pending;
        }

        LastActivity = owner.Time.GetTimestamp();
        var started = LastActivity;
        try
        {
            using var timeout = new CancellationTokenSource(owner.Options.CallTimeout, owner.Time);
            var connection = await ConnectedAsync().WaitAsync(timeout.Token).ConfigureAwait(false);
            Send(connection, pending);
            var reply = await pending.Reply.WaitAsync(timeout.Token).ConfigureAwait(false);
            if (reply.Error is { } error)
            {
                throw LinkErrors.ToException(error) ?? new SessionException(ErrorCode.InternalError, error.Message, recoverable: true, retryAfter: TimeSpan.FromSeconds(1));
            }

            return reply;
        }
        catch (OperationCanceledException)
        {
            throw new SessionException(ErrorCode.InternalError, "The session's server did not answer in time; retry.", recoverable: true, retryAfter: TimeSpan.FromSeconds(2));
        }
        finally
        {
            lock (_lock)
            {
                _pending.Remove(pending.Id);
            }

            owner.Metrics.Call(message.Call?.Method ?? "Audio", owner.Time.GetElapsedTime(started));
        }
    }

    /// <summary>Makes <paramref name="message"/> hold on every future owner (replayed after each reconnect) under <paramref name="key"/>.</summary>
    public void SetSticky(string key, Up message)
    {
        lock (_lock)
        {
            _sticky.RemoveAll(s => s.Key == key);
            _sticky.Add((key, message));
            _sticky.Sort((a, b) => Rank(a.Key).CompareTo(Rank(b.Key)));
        }
    }

    public void RemoveSticky(string key)
    {
        lock (_lock)
        {
            _sticky.RemoveAll(s => s.Key == key || s.Key.StartsWith(key + "|", StringComparison.Ordinal));
        }
    }

    public void AddObserver(string subscriptionId, ISessionObserver observer)
    {
        lock (_lock)
        {
            _observers[subscriptionId] = observer;
        }
    }

    public void RemoveObserver(string subscriptionId)
    {
        lock (_lock)
        {
            _observers.Remove(subscriptionId);
        }
    }

    /// <summary>The silo went away for the membership: move now rather than wait for the socket to fail.</summary>
    public void OnSiloLost(string siloId)
    {
        if (_connection is { } c && c.SiloId == siloId)
        {
            Lost(c, hint: null, "silo left the live set");
        }
    }

    public async Task CloseAsync()
    {
        Connection? c;
        lock (_lock)
        {
            _closed = true;
            c = _connection;
            _connection = null;
        }

        if (c is not null)
        {
            await c.DisposeAsync().ConfigureAwait(false);
        }
    }

    // Subscriptions first (nothing published after the start is missed), then the speaker, then listeners.
    private static int Rank(string key) => key.StartsWith(StickyKeys.Subscribe, StringComparison.Ordinal) ? 0 : key.StartsWith(StickyKeys.Start, StringComparison.Ordinal) ? 1 : 2;

    private void Send(Connection connection, Pending pending)
    {
        lock (_lock)
        {
            if (pending.SentOn == connection || _connection != connection)
            {
                return; // already sent there, or the connection was replaced: the new one resends it
            }

            pending.SentOn = connection;
            connection.Outgoing.TryWrite(pending.Message);
        }
    }

    private Task<Connection> ConnectedAsync()
    {
        lock (_lock)
        {
            if (_connection is { } live)
            {
                return Task.FromResult(live);
            }

            if (_connecting is null || _connecting.IsFaulted || _connecting.IsCanceled)
            {
                _connecting = ConnectLoopAsync(hint: null);
            }

            return _connecting;
        }
    }

    private async Task<Connection> ConnectLoopAsync(string? hint)
    {
        var started = owner.Time.GetTimestamp();
        var delay = TimeSpan.FromMilliseconds(50);
        while (true)
        {
            ObjectDisposedException.ThrowIf(_closed, this);
            var target = await owner.View.ResolveAsync(SessionId, hint, CancellationToken.None).ConfigureAwait(false);
            hint = null;
            if (target is not null)
            {
                try
                {
                    var connection = await OpenAsync(target.SiloId, target.Endpoint).ConfigureAwait(false);
                    Install(connection);
                    return connection;
                }
                catch (Exception ex) when (ex is HttpRequestException or IOException or OperationCanceledException or InvalidDataException or MovedException)
                {
                    Log.OpenFailed(owner.Logger, SessionId, target.SiloId, ex.Message);
                }
            }

            if (owner.Time.GetElapsedTime(started) > owner.Options.ReconnectTimeout)
            {
                Log.Unreachable(owner.Logger, SessionId, owner.Options.ReconnectTimeout.TotalSeconds);
                throw new SessionException(ErrorCode.InternalError, "No server can take the session right now; retry.", recoverable: true, retryAfter: TimeSpan.FromSeconds(5));
            }

            await Task.Delay(delay, owner.Time).ConfigureAwait(false);
            delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, TimeSpan.FromMilliseconds(500).Ticks));
        }
    }

    private async Task<Connection> OpenAsync(string siloId, string endpoint)
    {
        var outgoing = Channel.CreateUnbounded<Up>(new UnboundedChannelOptions { SingleReader = true });
        outgoing.Writer.TryWrite(new Up { Open = new OpenStream { SessionId = SessionId, GatewayId = owner.GatewayId } });
        var cts = new CancellationTokenSource();
        HttpResponseMessage? response = null;
        try
        {
            using var open = CancellationTokenSource.CreateLinkedTokenSource(cts.Token);
            open.CancelAfter(owner.Options.OpenTimeout);
            var request = new HttpRequestMessage(HttpMethod.Post, new Uri(new Uri(endpoint), LinkPaths.Open))
            {
                Version = System.Net.HttpVersion.Version20,
                VersionPolicy = HttpVersionPolicy.RequestVersionExact,
                Content = new LinkRequestContent(outgoing.Reader),
            };
            request.Content.Headers.ContentType = new(GrpcFrames.ContentType);
            request.Headers.TE.ParseAdd("trailers");
            response = await owner.Http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cts.Token).WaitAsync(open.Token).ConfigureAwait(false);
            response.EnsureSuccessStatusCode();
            var body = await response.Content.ReadAsStreamAsync(cts.Token).ConfigureAwait(false);
            var first = await GrpcFrames.ReadAsync(body, Down.Parser, owner.Options.MaxMessageBytes, open.Token).ConfigureAwait(false);
            if (first?.Opened is null)
            {
                throw first?.Moved is { } moved ? new MovedException(moved.Reason) : new InvalidDataException("The silo did not open the stream.");
            }

            var connection = new Connection(siloId, outgoing.Writer, cts, response);
            connection.Reading = Task.Run(() => ReadLoopAsync(connection, body));
            Log.Opened(owner.Logger, SessionId, siloId);
            return connection;
        }
        catch
        {
            outgoing.Writer.TryComplete();
            await cts.CancelAsync().ConfigureAwait(false);
            response?.Dispose();
            cts.Dispose();
            throw;
        }
    }

    /// <summary>The new connection becomes current; sticky calls, then every pending message, go out on it in order.</summary>
    private void Install(Connection connection)
    {
        lock (_lock)
        {
            _connection = connection;
            if (_lost is { } lost)
            {
                owner.Metrics.Interrupted(owner.Time.GetElapsedTime(lost.At), lost.Reason);
                _lost = null;
            }

            foreach (var (key, message) in _sticky)
            {
                var replay = message.Clone();
                replay.Call.Id = ++_nextId; // its answer is not awaited: a failure shows in the pending calls behind it
                if (key.StartsWith(StickyKeys.Subscribe, StringComparison.Ordinal))
                {
                    // Back after a break: the session sends the finals published after the last one that arrived here.
                    replay.Call.Json = LinkJson.Encode(new LinkSubscribe(key[StickyKeys.Subscribe.Length..], _lastFinal));
                }

                connection.Outgoing.TryWrite(replay);
            }

            foreach (var pending in _pending.Values)
            {
                pending.SentOn = connection;
                connection.Outgoing.TryWrite(pending.Message);
            }
        }
    }

    private async Task ReadLoopAsync(Connection connection, Stream body)
    {
        string? hint = null;
        var reason = "stream ended";
        try
        {
            while (await GrpcFrames.ReadAsync(body, Down.Parser, owner.Options.MaxMessageBytes, connection.Cancellation).ConfigureAwait(false) is { } down)
            {
                LastActivity = owner.Time.GetTimestamp();
                switch (down.KindCase)
                {
                    case Down.KindOneofCase.Reply:
                        if (down.Reply.Error is { } e && LinkErrors.ToException(e) is null)
                        {
                            // Not a protocol error: the session is elsewhere (owned by another silo, or this one is
                            // draining). Keep the call pending and reopen where it belongs.
                            hint = e.OwnerSiloId is { Length: > 0 } o ? o : null;
                            reason = e.Message;
                            return;
                        }

                        Complete(down.Reply);
                        break;
                    case Down.KindOneofCase.Notification:
                        Deliver(down.Notification);
                        break;
                    case Down.KindOneofCase.Moved:
                        reason = "moved: " + down.Moved.Reason;
                        return;
                }
            }
        }
        catch (Exception ex) when (ex is IOException or HttpRequestException or OperationCanceledException or InvalidDataException)
        {
            reason = ex.Message;
        }
        finally
        {
            Lost(connection, hint, reason);
        }
    }

    private void Complete(Reply reply)
    {
        Pending? pending;
        lock (_lock)
        {
            _pending.TryGetValue(reply.Id, out pending);
        }

        pending?.Complete(reply); // absent: the answer to a replayed sticky call, or to a call that gave up
    }

    private void Deliver(Notification n)
    {
        ISessionObserver[] observers;
        lock (_lock)
        {
            observers = [.. _observers.Values];
        }

        var payload = JsonDocument.Parse(n.Json.Memory).RootElement.Clone();
        if (n.Method == "transcript"
            && payload.TryGetProperty("isPartial", out var partial) && partial.ValueKind == JsonValueKind.False
            && payload.TryGetProperty("segmentId", out var segment) && segment.TryGetInt64(out var id))
        {
            lock (_lock)
            {
                _lastFinal = Math.Max(_lastFinal, id);
            }
        }

        var target = n.TargetConnectionId is { Length: > 0 } connectionId ? new ClientRef(owner.GatewayId, connectionId, string.Empty) : null;
        var notification = new SessionNotification(n.Sequence, n.SpeakerOnly ? Audience.Speaker : Audience.Everyone, target, n.Method, payload);
        foreach (var observer in observers)
        {
            observer.OnNotification(SessionId, notification);
        }
    }

    private void Lost(Connection connection, string? hint, string reason)
    {
        bool reconnect;
        lock (_lock)
        {
            if (_connection != connection)
            {
                return;
            }

            _connection = null;
            reconnect = !_closed && (_pending.Count > 0 || _observers.Count > 0 || _sticky.Count > 0);
            _lost = reconnect ? (owner.Time.GetTimestamp(), reason.StartsWith("moved", StringComparison.Ordinal) ? "moved" : "lost") : null;
            if (reconnect)
            {
                _connecting = ConnectLoopAsync(hint);
                _ = _connecting.ContinueWith(static t => _ = t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
            }
            else
            {
                _connecting = null;
            }
        }

        Log.Lost(owner.Logger, SessionId, connection.SiloId, reason, reconnect);
        _ = connection.DisposeAsync().AsTask();
    }

    /// <summary>Keys of sticky calls.</summary>
    public static class StickyKeys
    {
        public const string Subscribe = "subscribe|";
        public const string Start = "start|";
        public const string Join = "join|";
    }

    private sealed class Pending(Up message)
    {
        private readonly TaskCompletionSource<Reply> _reply = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Up Message { get; } = message;

        public long Id => Message.Call?.Id ?? Message.Audio.Id;

        public Connection? SentOn { get; set; }

        public Task<Reply> Reply => _reply.Task;

        public void Complete(Reply reply) => _reply.TrySetResult(reply);
    }

    private sealed class MovedException(string reason) : Exception($"moved: {reason}");

    private sealed class Connection(string siloId, ChannelWriter<Up> outgoing, CancellationTokenSource cts, HttpResponseMessage response) : IAsyncDisposable
    {
        private int _disposed;

        public string SiloId { get; } = siloId;

        public ChannelWriter<Up> Outgoing { get; } = outgoing;

        public CancellationToken Cancellation { get; } = cts.Token;

        public Task Reading { get; set; } = Task.CompletedTask;

        public async ValueTask DisposeAsync()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 1)
            {
                return;
            }

            Outgoing.TryComplete();
            await cts.CancelAsync().ConfigureAwait(false);
            response.Dispose();
            cts.Dispose();
        }
    }
}
