using System.Net.WebSockets;

namespace LiveTranscription.Grains.Engines.Transcribe;

/// <summary>
/// One session's Transcribe streaming connection, driven from the engine thread: audio goes out as
/// AudioEvents of <see cref="TranscribeOptions.EventDuration"/>; a receive loop turns TranscriptEvents into
/// results, their times shifted by where the current Transcribe stream started in the session's audio.
/// <list type="bullet">
/// <item>End of an utterance (a pause) or a flush ends the Transcribe stream (empty AudioEvent, last results,
/// close); the next audio opens a new one. So a pause never meets Transcribe's 15 s no-audio limit and costs nothing.</item>
/// <item>A dropped connection or a retryable exception (<c>LimitExceededException</c>, <c>InternalFailureException</c>,
/// <c>ServiceUnavailableException</c>, <c>ConflictException</c>) reconnects with exponential backoff and jitter, up to
/// <see cref="TranscribeOptions.MaxReconnects"/> consecutive attempts (a stream that ran
/// <see cref="TranscribeOptions.StableStream"/> resets the count), and resends the audio after the last final, so
/// nothing is lost and the open utterance is transcribed again. <c>BadRequestException</c> fails the stream.</item>
/// <item>A stream older than <see cref="TranscribeOptions.MaxStreamDuration"/> is ended and a new one opened (Transcribe's 4-hour limit).</item>
/// </list>
/// </summary>
internal sealed class TranscribeStream : ThreadedEngineStream
{
    private const int Rate = 16000;
    private static readonly string[] Retryable = ["LimitExceededException", "InternalFailureException", "ServiceUnavailableException", "ConflictException", "dropped"];

    private readonly TranscribeEngine _engine;
    private readonly EngineStreamOptions _stream;
    private readonly TranscribeOptions _o;
    private readonly short[] _pending;
    private readonly short[] _replay = new short[Rate * 120]; // audio after the last final, at most 2 minutes
    private int _pendingCount;
    private int _replayCount;
    private long _replayStart;       // session-stream sample index of _replay[0]
    private long _sent;              // samples sent so far (index of the next new sample)
    private long _streamStart;       // sample index where the current Transcribe stream starts
    private long _finalEnd;          // sample index up to which finals have arrived (written by the receive loop)
    private ClientWebSocket? _socket;
    private Task? _receiver;
    private volatile string? _fault;
    private string? _faultMessage;
    private bool _ending;
    private DateTime _openedAt;
    private int _consecutiveReconnects;
    private int _streams;

    public TranscribeStream(TranscribeEngine engine, EngineStreamOptions stream, TimeSpan maxBufferedAudio, IEngineResultSink sink)
        : base($"transcribe-{stream.SessionId}", Rate, maxBufferedAudio, sink)
    {
        _engine = engine;
        _stream = stream;
        _o = engine.Options;
        _pending = new short[(int)(Rate * Math.Clamp(_o.EventDuration.TotalSeconds, 0.05, 1.0))];
    }

    protected override void Initialize() => Open();

    protected override void Process(ReadOnlySpan<short> samples)
    {
        while (!samples.IsEmpty)
        {
            var take = Math.Min(samples.Length, _pending.Length - _pendingCount);
            samples[..take].CopyTo(_pending.AsSpan(_pendingCount));
            _pendingCount += take;
            samples = samples[take..];
            if (_pendingCount == _pending.Length)
            {
                SendNew(_pending);
                _pendingCount = 0;
            }
        }
    }

    protected override void FinishUtterance()
    {
        if (_pendingCount > 0)
        {
            SendNew(_pending.AsSpan(0, _pendingCount));
            _pendingCount = 0;
        }

        if (_socket is not null)
        {
            EndStream();
        }
    }

    protected override void Release() => CloseSocket();

    /// <summary>Sends audio that has not been sent before, reconnecting (and resending what follows the last final) when needed.</summary>
    private void SendNew(ReadOnlySpan<short> samples)
    {
        if (_socket is not null && DateTime.UtcNow - _openedAt > _o.MaxStreamDuration)
        {
            EndStream(); // roll over before Transcribe's stream limit
        }

        if (_socket is null)
        {
            Open();
        }

        Remember(samples);
        _sent += samples.Length;
        if (_fault is not null || !TrySend(samples))
        {
            Reconnect(); // resends everything after the last final, including these samples
        }
    }

    private bool TrySend(ReadOnlySpan<short> samples)
    {
        try
        {
            if (samples.IsEmpty)
            {
                // The empty AudioEvent: the end of the audio.
                _socket!.SendAsync(TranscribeEventStream.AudioEvent([]), WebSocketMessageType.Binary, true, CancellationToken.None).GetAwaiter().GetResult();
            }

            for (var i = 0; i < samples.Length; i += _pending.Length)
            {
                var piece = samples.Slice(i, Math.Min(_pending.Length, samples.Length - i));
                var bytes = System.Runtime.InteropServices.MemoryMarshal.AsBytes(piece);
                _socket!.SendAsync(TranscribeEventStream.AudioEvent(bytes), WebSocketMessageType.Binary, true, CancellationToken.None).GetAwaiter().GetResult();
            }

            return true;
        }
        catch (Exception ex) when (ex is WebSocketException or ObjectDisposedException or InvalidOperationException)
        {
            _fault ??= "dropped";
            _faultMessage ??= ex.Message;
            return false;
        }
    }

    /// <summary>Empty AudioEvent, then the last results until Transcribe closes the stream.</summary>
    private void EndStream()
    {
        while (true)
        {
            _ending = true;
            if (_fault is null && TrySend([]) && _receiver!.Wait(_o.CloseTimeout) && _fault is null)
            {
                break;
            }

            _ending = false;
            Reconnect();
        }

        _ending = false;
        CloseSocket();
        TrimReplay(_sent); // every final of this stream has arrived
    }

    private void Reconnect()
    {
        var fault = _fault ?? "dropped";
        if (!Retryable.Contains(fault))
        {
            throw new InvalidOperationException($"Transcribe refused the stream: {fault}: {_faultMessage}");
        }

        if (DateTime.UtcNow - _openedAt >= _o.StableStream)
        {
            _consecutiveReconnects = 0;
        }

        while (true)
        {
            if (++_consecutiveReconnects > _o.MaxReconnects)
            {
                var message = $"Transcribe failed {_o.MaxReconnects} times in a row; last: {fault}: {_faultMessage}";
                throw fault == "LimitExceededException" ? new EngineCapacityException(message) : new InvalidOperationException(message);
            }

            var backoff = _o.ReconnectDelay * Math.Pow(2, _consecutiveReconnects - 1) * (fault == "LimitExceededException" ? 4 : 1);
            Thread.Sleep(backoff * (1 + (Random.Shared.NextDouble() * 0.5)));
            CloseSocket();
            TrimReplay(Interlocked.Read(ref _finalEnd));
            try
            {
                Open(_replayStart);
                if (TrySend(_replay.AsSpan(0, _replayCount)))
                {
                    return;
                }
            }
            catch (Exception ex) when (ex is WebSocketException or HttpRequestException or OperationCanceledException)
            {
                _faultMessage = ex.Message;
            }

            fault = _fault ?? "dropped";
        }
    }

    private void Open(long? startSample = null)
    {
        var url = _engine.StreamUrlAsync(_stream, Rate, CancellationToken.None).GetAwaiter().GetResult();
        var socket = new ClientWebSocket();
        socket.Options.KeepAliveInterval = TimeSpan.FromSeconds(15);
        using var timeout = new CancellationTokenSource(_o.CloseTimeout);
        socket.ConnectAsync(url, timeout.Token).GetAwaiter().GetResult();
        _socket = socket;
        _fault = null;
        _faultMessage = null;
        _streamStart = startSample ?? _sent;
        _openedAt = DateTime.UtcNow;
        _streams++;
        _receiver = ReceiveAsync(socket, _streamStart, _streams);
    }

    private async Task ReceiveAsync(ClientWebSocket socket, long streamStart, int streamNumber)
    {
        var buffer = new byte[16 * 1024];
        using var message = new MemoryStream();
        try
        {
            while (true)
            {
                message.SetLength(0);
                WebSocketReceiveResult frame;
                do
                {
                    frame = await socket.ReceiveAsync(buffer, CancellationToken.None).ConfigureAwait(false);
                    if (frame.MessageType == WebSocketMessageType.Close)
                    {
                        if (!_ending)
                        {
                            _fault ??= "dropped";
                            _faultMessage ??= $"Transcribe closed the stream ({frame.CloseStatus} {frame.CloseStatusDescription}).";
                        }

                        return;
                    }

                    message.Write(buffer, 0, frame.Count);
                }
                while (!frame.EndOfMessage);

                var decoded = TranscribeEventStream.Decode(message.ToArray());
                if (decoded.IsException)
                {
                    _faultMessage = decoded.ExceptionMessage;
                    _fault = decoded.ExceptionType;
                    return;
                }

                foreach (var r in decoded.Results)
                {
                    var start = streamStart + (long)(r.StartTime * Rate);
                    var end = streamStart + (long)(r.EndTime * Rate);
                    Emit(new EngineResult($"{streamNumber}:{r.ResultId}", !r.IsPartial, r.Text,
                        TimeSpan.FromSeconds((double)start / Rate), TimeSpan.FromSeconds((double)end / Rate), r.Confidence ?? 0, SpeakerLabel(r.Speaker)));
                    if (!r.IsPartial && end > Interlocked.Read(ref _finalEnd))
                    {
                        Interlocked.Exchange(ref _finalEnd, end);
                    }
                }
            }
        }
        catch (Exception ex) when (ex is WebSocketException or ObjectDisposedException or OperationCanceledException)
        {
            _fault ??= "dropped";
            _faultMessage ??= ex.Message;
        }
    }

    /// <summary>Transcribe streaming labels speakers "0", "1", …; clients get the batch API's form, spk_0, spk_1, ….</summary>
    private static string? SpeakerLabel(string? speaker)
        => speaker is null ? null : speaker.StartsWith("spk_", StringComparison.Ordinal) ? speaker : "spk_" + speaker;

    /// <summary>Keeps audio sent after the last final, to resend on a new stream (bounded: the oldest is dropped).</summary>
    private void Remember(ReadOnlySpan<short> samples)
    {
        if (samples.Length >= _replay.Length)
        {
            samples[^_replay.Length..].CopyTo(_replay);
            _replayStart = _sent + samples.Length - _replay.Length;
            _replayCount = _replay.Length;
            return;
        }

        var overflow = _replayCount + samples.Length - _replay.Length;
        if (overflow > 0)
        {
            TrimReplay(_replayStart + overflow);
        }

        if (_replayCount == 0)
        {
            _replayStart = _sent;
        }

        samples.CopyTo(_replay.AsSpan(_replayCount));
        _replayCount += samples.Length;
    }

    private void TrimReplay(long upTo)
    {
        var drop = (int)Math.Clamp(upTo - _replayStart, 0, _replayCount);
        if (drop == 0)
        {
            return;
        }

        Array.Copy(_replay, drop, _replay, 0, _replayCount - drop);
        _replayCount -= drop;
        _replayStart += drop;
    }

    private void CloseSocket()
    {
        var socket = _socket;
        _socket = null;
        if (socket is null)
        {
            return;
        }

        try
        {
            socket.Abort();
            _receiver?.Wait(TimeSpan.FromSeconds(2));
        }
        catch (AggregateException)
        {
        }
        finally
        {
            socket.Dispose();
        }
    }
}
