using System.Threading.Channels;
using Microsoft.Extensions.Logging;

namespace LiveTranscription.Grains.Records;

/// <summary>
/// Write-behind of one session's record and finals, in order, off the session's turns. A failing store
/// is retried with exponential backoff: while the session runs, for as long as it takes (it keeps
/// running and the record catches up); after <see cref="Complete"/>, for at most the configured
/// duration. Each record write carries the snapshot taken when it was queued, so a record never gets
/// ahead of the finals queued before it; a snapshot superseded by a later one is skipped.
/// A <see cref="StaleEpochException"/> means another activation owns the session: writing stops and
/// <c>onFenced</c> is called.
/// </summary>
internal sealed partial class SessionRecordWriter : IAsyncDisposable
{
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(30);

    private readonly Channel<Op> _ops = Channel.CreateUnbounded<Op>(new UnboundedChannelOptions { SingleReader = true });
    private readonly ISessionStore _store;
    private readonly string _sessionId;
    private readonly long _epoch;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Action<Exception> _onFenced;
    private readonly Action<Exception> _onFailing;
    private readonly Action _onRecovered;
    private readonly TimeSpan _maxRetryDuration;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private long _latestVersion;
    private long _completedAt;
    private bool _failing;

    public SessionRecordWriter(
        ISessionStore store, string sessionId, long epoch, TimeProvider time, ILogger logger, TimeSpan maxRetryDuration,
        Action<Exception> onFenced, Action<Exception> onFailing, Action onRecovered)
    {
        _store = store;
        _sessionId = sessionId;
        _epoch = epoch;
        _time = time;
        _logger = logger;
        _maxRetryDuration = maxRetryDuration;
        _onFenced = onFenced;
        _onFailing = onFailing;
        _onRecovered = onRecovered;
        _loop = Task.Run(RunAsync); // off the grain's scheduler
    }

    public void PutRecord(SessionRecord record)
        => _ops.Writer.TryWrite(new Op(null, record, Interlocked.Increment(ref _latestVersion), null, null));

    /// <summary>Queues a final; <paramref name="written"/> runs (on the writer's loop) once it is stored.</summary>
    public void AppendSegment(TranscriptSegment segment, Action? written = null) => _ops.Writer.TryWrite(new Op(segment, null, 0, null, written));

    /// <summary>Completes when everything queued so far is written, or after <paramref name="timeout"/>.</summary>
    public async Task<bool> DrainAsync(TimeSpan timeout)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        if (!_ops.Writer.TryWrite(new Op(null, null, 0, done, null)))
        {
            return false;
        }

        try
        {
            await done.Task.WaitAsync(timeout, _time);
            return true;
        }
        catch (TimeoutException)
        {
            return false;
        }
    }

    /// <summary>No more writes will be queued; the loop finishes what is queued, retrying for at most the configured duration.</summary>
    public void Complete()
    {
        Interlocked.CompareExchange(ref _completedAt, _time.GetTimestamp(), 0);
        _ops.Writer.TryComplete();
    }

    private bool Superseded(Op op) => op.Record is not null && op.Version < Volatile.Read(ref _latestVersion);

    private async Task RunAsync()
    {
        await foreach (var op in _ops.Reader.ReadAllAsync().ConfigureAwait(false))
        {
            if (op.Drained is { } drained)
            {
                drained.TrySetResult();
                continue;
            }

            if (Superseded(op))
            {
                continue; // a later snapshot is queued behind it, after any finals queued meanwhile
            }

            if (await WriteWithRetryAsync(op).ConfigureAwait(false))
            {
                op.Written?.Invoke();
            }
            else
            {
                _ops.Writer.TryComplete();
                while (_ops.Reader.TryRead(out var rest))
                {
                    rest.Drained?.TrySetResult();
                }

                return;
            }
        }
    }

    private async Task<bool> WriteWithRetryAsync(Op op)
    {
        var delay = TimeSpan.FromMilliseconds(250);
        while (true)
        {
            try
            {
                if (op.Segment is not null)
                {
                    await _store.AppendSegmentAsync(_sessionId, _epoch, op.Segment, _stop.Token).ConfigureAwait(false);
                }
                else if (!Superseded(op))
                {
                    await _store.PutRecordAsync(op.Record!, _stop.Token).ConfigureAwait(false);
                }

                if (_failing)
                {
                    _failing = false;
                    Log.StoreRecovered(_logger, _sessionId);
                    _onRecovered();
                }

                return true;
            }
            catch (StaleEpochException ex)
            {
                Log.Fenced(_logger, _sessionId, _epoch, ex);
                _onFenced(ex);
                return false;
            }
            catch (OperationCanceledException) when (_stop.IsCancellationRequested)
            {
                return false;
            }
            catch (Exception ex)
            {
                if (!_failing)
                {
                    _failing = true;
                    _onFailing(ex);
                }

                var completedAt = Interlocked.Read(ref _completedAt);
                if (completedAt != 0 && _time.GetElapsedTime(completedAt) > _maxRetryDuration)
                {
                    Log.GaveUp(_logger, _sessionId, ex);
                    return false;
                }

                Log.StoreFailing(_logger, _sessionId, delay.TotalMilliseconds, ex);
                await Task.Delay(delay, _time, _stop.Token).ConfigureAwait(false);
                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, MaxBackoff.Ticks));
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        Complete();
        await _stop.CancelAsync().ConfigureAwait(false);
        try
        {
            await _loop.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }

        _stop.Dispose();
    }

    private sealed record Op(TranscriptSegment? Segment, SessionRecord? Record, long Version, TaskCompletionSource? Drained, Action? Written);

    private static partial class Log
    {
        [LoggerMessage(200, LogLevel.Warning, "Session {SessionId}: store write failed, retrying in {DelayMs} ms", EventName = "StoreWriteRetry")]
        public static partial void StoreFailing(ILogger logger, string sessionId, double delayMs, Exception exception);

        [LoggerMessage(201, LogLevel.Information, "Session {SessionId}: store writes succeed again", EventName = "StoreRecovered")]
        public static partial void StoreRecovered(ILogger logger, string sessionId);

        [LoggerMessage(202, LogLevel.Warning, "Session {SessionId}: write with epoch {Epoch} fenced by a newer owner", EventName = "StoreFenced")]
        public static partial void Fenced(ILogger logger, string sessionId, long epoch, Exception exception);

        [LoggerMessage(203, LogLevel.Error, "Session {SessionId}: gave up writing records after the retry limit", EventName = "StoreGaveUp")]
        public static partial void GaveUp(ILogger logger, string sessionId, Exception exception);
    }
}
