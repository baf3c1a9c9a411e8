using System.Threading.Channels;
using LiveTranscription.Gateway.Hubs;
using Microsoft.AspNetCore.SignalR;

namespace LiveTranscription.Gateway.Connections;

/// <summary>
/// Everything sent to one client goes through its outbox, in order, by one pump. The queue is bounded:
/// a client that cannot keep up is disconnected (it reconnects and catches up from the session) rather
/// than letting it stall the session or grow memory.
/// </summary>
internal sealed partial class ClientOutbox
{
    private readonly Channel<(string Method, object Payload)> _queue;
    private readonly string _connectionId;
    private readonly IHubContext<TranscriptionHub> _hub;
    private readonly ILogger _logger;
    private readonly Action _onOverflow;
    private int _overflowed;

    public ClientOutbox(string connectionId, int capacity, IHubContext<TranscriptionHub> hub, ILogger logger, Action onOverflow)
    {
        _connectionId = connectionId;
        _hub = hub;
        _logger = logger;
        _onOverflow = onOverflow;
        _queue = Channel.CreateBounded<(string, object)>(new BoundedChannelOptions(capacity) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });
        Completion = Task.Run(PumpAsync);
    }

    public Task Completion { get; }

    public void Send(string method, object payload)
    {
        if (_queue.Writer.TryWrite((method, payload)))
        {
            return;
        }

        if (Interlocked.Exchange(ref _overflowed, 1) == 0 && _queue.Writer.TryComplete())
        {
            Log.Overflow(_logger, _connectionId);
            _onOverflow();
        }
    }

    public void Complete() => _queue.Writer.TryComplete();

    private async Task PumpAsync()
    {
        var client = _hub.Clients.Client(_connectionId);
        await foreach (var (method, payload) in _queue.Reader.ReadAllAsync().ConfigureAwait(false))
        {
            try
            {
                await client.SendAsync(method, payload).ConfigureAwait(false);
            }
            catch (Exception ex)
            {
                Log.SendFailed(_logger, _connectionId, method, ex);
            }
        }
    }

    private static partial class Log
    {
        [LoggerMessage(300, LogLevel.Warning, "Connection {ConnectionId} cannot keep up with its events; closing it", EventName = "OutboxOverflow")]
        public static partial void Overflow(ILogger logger, string connectionId);

        [LoggerMessage(301, LogLevel.Debug, "Sending {Method} to {ConnectionId} failed", EventName = "OutboxSendFailed")]
        public static partial void SendFailed(ILogger logger, string connectionId, string method, Exception exception);
    }
}
