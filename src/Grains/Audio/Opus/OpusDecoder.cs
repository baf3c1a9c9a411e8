using System.Runtime.InteropServices;

namespace LiveTranscription.Grains.Audio.Opus;

/// <summary>
/// A mono libopus decoder at one output rate (8, 12, 16, 24 or 48 kHz). Stateful: packets must be decoded
/// in order. Not thread-safe; a session decodes inside its turns.
/// </summary>
public sealed class OpusDecoder : IDisposable
{
    private readonly DecoderHandle _handle;

    public OpusDecoder(int sampleRate)
    {
        if (!OpusFormat.IsSupportedRate(sampleRate))
        {
            throw new ArgumentOutOfRangeException(nameof(sampleRate), sampleRate, "Opus decodes at 8000, 12000, 16000, 24000 or 48000 Hz.");
        }

        var ptr = OpusNative.opus_decoder_create(sampleRate, 1, out var error);
        if (error != OpusNative.Ok || ptr == 0)
        {
            throw new OpusException("opus_decoder_create", error);
        }

        _handle = new DecoderHandle(ptr);
        SampleRate = sampleRate;
    }

    public int SampleRate { get; }

    /// <summary>Decodes one packet into <paramref name="pcm"/>; returns the samples written.</summary>
    public unsafe int Decode(ReadOnlySpan<byte> packet, Span<short> pcm)
    {
        ObjectDisposedException.ThrowIf(_handle.IsClosed, this);
        fixed (byte* data = packet)
        fixed (short* output = pcm)
        {
            var n = OpusNative.opus_decode(_handle.DangerousGetHandle(), data, packet.Length, output, pcm.Length, 0);
            return n >= 0 ? n : throw new OpusException("opus_decode", n);
        }
    }

    public void Dispose() => _handle.Dispose();

    private sealed class DecoderHandle : SafeHandle
    {
        public DecoderHandle(nint ptr)
            : base(0, ownsHandle: true) => SetHandle(ptr);

        public override bool IsInvalid => handle == 0;

        protected override bool ReleaseHandle()
        {
            OpusNative.opus_decoder_destroy(handle);
            return true;
        }
    }
}
