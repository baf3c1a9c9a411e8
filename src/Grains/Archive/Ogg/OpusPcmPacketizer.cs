using LiveTranscription.Grains.Audio.Opus;

namespace LiveTranscription.Grains.Archive.Ogg;

/// <summary>Receives each Opus packet as it is produced.</summary>
public delegate void OpusPacketSink(ReadOnlySpan<byte> packet);

/// <summary>
/// Encodes a PCM stream into 20 ms Opus packets, carrying the part of a frame a chunk leaves over to the next
/// chunk. <see cref="Flush"/> pads with silence until the encoder's look-ahead is out, so every input sample
/// is decodable; the Ogg writer then trims the padding with the end granule position.
/// </summary>
public sealed class OpusPcmPacketizer : IDisposable
{
    private readonly OpusEncoder _encoder;
    private readonly short[] _frame;
    private readonly byte[] _packet = new byte[OpusEncoder.MaxPacketBytes];
    private int _filled;

    public OpusPcmPacketizer(int sampleRate, int bitrate, int complexity)
    {
        _encoder = new OpusEncoder(sampleRate, bitrate, complexity);
        _frame = new short[_encoder.FrameSamples];
    }

    /// <summary>The encoder's delay in 48 kHz samples: the stream's pre-skip.</summary>
    public int PreSkip => _encoder.Lookahead * (OpusFormat.GranuleRate / _encoder.SampleRate);

    /// <summary>Input samples so far, at the input rate.</summary>
    public long InputSamples { get; private set; }

    /// <summary>Input so far in 48 kHz samples.</summary>
    public long InputSamples48k => InputSamples * (OpusFormat.GranuleRate / _encoder.SampleRate);

    public void Push(ReadOnlySpan<short> pcm, OpusPacketSink sink)
    {
        InputSamples += pcm.Length;
        while (!pcm.IsEmpty)
        {
            var take = Math.Min(pcm.Length, _frame.Length - _filled);
            pcm[..take].CopyTo(_frame.AsSpan(_filled));
            _filled += take;
            pcm = pcm[take..];
            if (_filled == _frame.Length)
            {
                EncodeFrame(sink);
            }
        }
    }

    /// <summary>Encodes the held-over samples and look-ahead padding; call once, at the end.</summary>
    public void Flush(OpusPacketSink sink)
    {
        var remaining = _filled + _encoder.Lookahead; // samples still to push through the encoder
        while (remaining > 0)
        {
            _frame.AsSpan(_filled).Clear();
            EncodeFrame(sink);
            remaining -= _frame.Length;
        }
    }

    private void EncodeFrame(OpusPacketSink sink)
    {
        var n = _encoder.Encode(_frame, _packet);
        _filled = 0;
        sink(_packet.AsSpan(0, n));
    }

    public void Dispose() => _encoder.Dispose();
}
