using System.Runtime.InteropServices;

namespace LiveTranscription.Grains.Audio.Opus;

/// <summary>
/// A mono libopus encoder tuned for speech (VOIP application, voice signal, VBR). Encodes whole frames
/// (20 ms by default). Not thread-safe.
/// </summary>
public sealed class OpusEncoder : IDisposable
{
    /// <summary>Largest packet libopus produces for one frame.</summary>
    public const int MaxPacketBytes = 1275;

    private readonly EncoderHandle _handle;

    public OpusEncoder(int sampleRate, int bitrate, int complexity)
    {
        if (!OpusFormat.IsSupportedRate(sampleRate))
        {
            throw new ArgumentOutOfRangeException(nameof(sampleRate), sampleRate, "Opus encodes at 8000, 12000, 16000, 24000 or 48000 Hz.");
        }

        var ptr = OpusNative.opus_encoder_create(sampleRate, 1, OpusNative.ApplicationVoip, out var error);
        if (error != OpusNative.Ok || ptr == 0)
        {
            throw new OpusException("opus_encoder_create", error);
        }

        _handle = new EncoderHandle(ptr);
        SampleRate = sampleRate;
        Set(OpusNative.SetBitrateRequest, bitrate, "bitrate");
        Set(OpusNative.SetComplexityRequest, complexity, "complexity");
        Set(OpusNative.SetSignalRequest, OpusNative.SignalVoice, "signal");
        Set(OpusNative.SetVbrRequest, 1, "vbr");
        var lookahead = OpusNative.opus_encoder_ctl_get(ptr, OpusNative.GetLookaheadRequest, out var samples);
        Lookahead = lookahead == OpusNative.Ok ? samples : throw new OpusException("OPUS_GET_LOOKAHEAD", lookahead);
    }

    public int SampleRate { get; }

    /// <summary>Samples (at <see cref="SampleRate"/>) of algorithmic delay: the decoder's output starts this late.</summary>
    public int Lookahead { get; }

    /// <summary>Samples in one 20 ms frame.</summary>
    public int FrameSamples => SampleRate / 50;

    /// <summary>Encodes exactly one frame; returns the packet length written to <paramref name="packet"/>.</summary>
    public unsafe int Encode(ReadOnlySpan<short> frame, Span<byte> packet)
    {
        ObjectDisposedException.ThrowIf(_handle.IsClosed, this);
        fixed (short* pcm = frame)
        fixed (byte* data = packet)
        {
            var n = OpusNative.opus_encode(_handle.DangerousGetHandle(), pcm, frame.Length, data, packet.Length);
            return n >= 0 ? n : throw new OpusException("opus_encode", n);
        }
    }

    public void Dispose() => _handle.Dispose();

    private void Set(int request, int value, string name)
    {
        var result = OpusNative.opus_encoder_ctl_set(_handle.DangerousGetHandle(), request, value);
        if (result != OpusNative.Ok)
        {
            _handle.Dispose();
            throw new OpusException($"setting the encoder's {name} to {value}", result);
        }
    }

    private sealed class EncoderHandle : SafeHandle
    {
        public EncoderHandle(nint ptr)
            : base(0, ownsHandle: true) => SetHandle(ptr);

        public override bool IsInvalid => handle == 0;

        protected override bool ReleaseHandle()
        {
            OpusNative.opus_encoder_destroy(handle);
            return true;
        }
    }
}
