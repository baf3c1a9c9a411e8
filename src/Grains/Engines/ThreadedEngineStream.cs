namespace LiveTranscription.Grains.Engines;

/// <summary>
/// Base of engine streams that run on a dedicated thread (one per session): native decoders are
/// single-threaded and CPU-bound, and a dedicated thread keeps them off the thread pool that serves
/// every other session. The thread owns all decoder state; the session only queues into the inbox.
/// </summary>
public abstract class ThreadedEngineStream : IEngineStream
{
    private readonly EngineInbox _inbox;
    private readonly IEngineResultSink _sink;
    private readonly Thread _thread;
    private readonly TaskCompletionSource _started = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _stopped = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private volatile bool _failed;
    private volatile bool _discarding;
    private int _threadStarted;
    private int _disposed;

    protected ThreadedEngineStream(string threadName, int sampleRate, TimeSpan maxBufferedAudio, IEngineResultSink sink)
    {
        SampleRate = sampleRate;
        _sink = sink;
        _inbox = new EngineInbox((int)(maxBufferedAudio.TotalSeconds * sampleRate));
        _thread = new Thread(Run) { IsBackground = true, Name = threadName };
    }

    public int SampleRate { get; }

    public int BufferedSamples => _inbox.Buffered;

    public bool CanAccept(int samples) => !_failed && _inbox.CanAccept(samples);

    public bool TryWrite(ReadOnlySpan<short> samples) => !_failed && _inbox.TryWriteAudio(samples);

    public void EndUtterance() => _inbox.TryWriteControl(EngineInbox.ItemKind.EndUtterance);

    public Task FlushAsync(CancellationToken cancellationToken)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        return _inbox.TryWriteControl(EngineInbox.ItemKind.Flush, done)
            ? done.Task.WaitAsync(cancellationToken)
            : Task.CompletedTask;
    }

    /// <summary>How long <see cref="DisposeAsync"/> waits for the thread (a decoder stuck in native code is abandoned).</summary>
    public static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(5);

    /// <summary>Starts the thread; completes once <see cref="Initialize"/> has run there.</summary>
    public Task StartAsync(CancellationToken cancellationToken)
    {
        Interlocked.Exchange(ref _threadStarted, 1);
        _thread.Start();
        return _started.Task.WaitAsync(cancellationToken);
    }

    /// <summary>Starts <paramref name="stream"/>; if the start fails the stream is disposed and the failure rethrown.</summary>
    public static async Task<IEngineStream> StartOrDisposeAsync(ThreadedEngineStream stream, CancellationToken cancellationToken)
    {
        try
        {
            await stream.StartAsync(cancellationToken).ConfigureAwait(false);
            return stream;
        }
        catch
        {
            await stream.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Creates the decoder (on the engine thread).</summary>
    protected abstract void Initialize();

    /// <summary>Decodes samples at <see cref="SampleRate"/>.</summary>
    protected abstract void Process(ReadOnlySpan<short> samples);

    /// <summary>Makes the current utterance final (emitting it) and starts a new one.</summary>
    protected abstract void FinishUtterance();

    /// <summary>Frees the decoder (on the engine thread).</summary>
    protected abstract void Release();

    /// <summary>Hands a result to the session.</summary>
    protected void Emit(EngineResult result) => _sink.OnResult(result);

    private void Run()
    {
        try
        {
            Initialize();
            _started.TrySetResult();
        }
        catch (Exception ex)
        {
            _failed = true;
            _inbox.CloseForAudio();
            _started.TrySetException(ex);
            _stopped.TrySetResult();
            return;
        }

        try
        {
            while (true)
            {
                var item = _inbox.Take();
                try
                {
                    if (item.Kind == EngineInbox.ItemKind.Stop)
                    {
                        return;
                    }

                    if (!_failed && !_discarding)
                    {
                        if (item.Kind == EngineInbox.ItemKind.Audio)
                        {
                            Process(item.Audio.AsSpan(0, item.Length));
                        }
                        else
                        {
                            FinishUtterance();
                        }
                    }
                }
                catch (Exception ex)
                {
                    _failed = true;
                    _inbox.CloseForAudio();
                    _sink.OnError(ex);
                }
                finally
                {
                    _inbox.Release(item);
                    item.Done?.TrySetResult();
                }
            }
        }
        finally
        {
            try
            {
                Release();
            }
            finally
            {
                _stopped.TrySetResult();
            }
        }
    }

    /// <summary>
    /// Stops the thread: audio still queued is discarded (a flush, not a dispose, is how results are
    /// finished), and the wait is bounded by <see cref="StopTimeout"/>. Returns false if the thread did
    /// not stop in time (it is abandoned, with its decoder).
    /// </summary>
    public async ValueTask<bool> StopAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1 || Volatile.Read(ref _threadStarted) == 0)
        {
            return true;
        }

        _discarding = true;
        _inbox.TryWriteControl(EngineInbox.ItemKind.Stop);
        try
        {
            await _stopped.Task.WaitAsync(StopTimeout).ConfigureAwait(false);
            return true;
        }
        catch (TimeoutException)
        {
            return false;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync().ConfigureAwait(false);
        GC.SuppressFinalize(this);
    }
}
