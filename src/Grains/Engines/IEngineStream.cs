namespace LiveTranscription.Grains.Engines;

/// <summary>
/// One streaming recognition: audio in, results out through the <see cref="IEngineResultSink"/>.
/// Audio is queued in a bounded buffer; a producer checks <see cref="CanAccept"/> first.
/// Disposing stops the stream promptly: audio still queued is discarded (flush first to finish it),
/// and the wait is bounded.
/// </summary>
public interface IEngineStream : IAsyncDisposable
{
    /// <summary>Sample rate the stream expects (16 kHz for the bundled engines).</summary>
    int SampleRate { get; }

    /// <summary>Samples queued and not yet processed.</summary>
    int BufferedSamples { get; }

    /// <summary>Whether <paramref name="samples"/> more fit in the buffer.</summary>
    bool CanAccept(int samples);

    /// <summary>Queues audio; false when the buffer is full or the stream has failed or ended.</summary>
    bool TryWrite(ReadOnlySpan<short> samples);

    /// <summary>Closes the current utterance (its hypothesis becomes final) without ending the stream.</summary>
    void EndUtterance();

    /// <summary>Processes everything queued, emits the last final, and completes.</summary>
    Task FlushAsync(CancellationToken cancellationToken);

    /// <summary>Stops promptly, discarding queued audio; false if the engine did not stop in time and was abandoned.</summary>
    ValueTask<bool> StopAsync();
}
