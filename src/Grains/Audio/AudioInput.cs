using LiveTranscription.Grains.Abstractions.Sessions;
using LiveTranscription.Grains.Archive;
using LiveTranscription.Grains.Audio.Opus;

namespace LiveTranscription.Grains.Audio;

/// <summary>
/// A session's audio input in its declared encoding. <see cref="Inspect"/> checks a chunk without changing
/// any state, so a refused chunk leaves the session as it was; <see cref="Decode"/> then turns the accepted
/// chunk into 16-bit PCM at the session rate. Used inside the session's turns only.
/// </summary>
internal abstract class AudioInput : IDisposable
{
    protected AudioInput(int sampleRate, AudioLimits limits)
    {
        SampleRate = sampleRate;
        Limits = limits;
    }

    public int SampleRate { get; }

    /// <summary>The protocol name of the encoding (<c>pcm16</c>, <c>opus</c>).</summary>
    public abstract string Encoding { get; }

    /// <summary>Packets that could not be decoded and became silence (Opus only).</summary>
    public virtual int ConcealedPackets => 0;

    protected AudioLimits Limits { get; }

    public static AudioInput Create(string encoding, int sampleRate, AudioLimits limits) => encoding switch
    {
        AudioEncodings.Pcm16 => new Pcm16Input(sampleRate, limits),
        AudioEncodings.Opus => new OpusInput(sampleRate, limits),
        _ => throw new ArgumentException($"Unsupported encoding '{encoding}'.", nameof(encoding)),
    };

    /// <summary>Null when the chunk is valid (then <paramref name="chunk"/> describes it), else the reason it is not.</summary>
    public abstract string? Inspect(byte[] data, out ArchiveChunk chunk);

    /// <summary>PCM of a chunk <see cref="Inspect"/> accepted; valid until the next call.</summary>
    public abstract ReadOnlySpan<short> Decode(in ArchiveChunk chunk);

    public TimeSpan DurationOf(in ArchiveChunk chunk) => TimeSpan.FromSeconds((double)chunk.Samples / SampleRate);

    public virtual void Dispose()
    {
    }
}

/// <summary>pcm16 input: the chunk is the PCM.</summary>
internal sealed class Pcm16Input(int sampleRate, AudioLimits limits) : AudioInput(sampleRate, limits)
{
    public override string Encoding => AudioEncodings.Pcm16;

    public override string? Inspect(byte[] data, out ArchiveChunk chunk)
    {
        chunk = ArchiveChunk.Pcm16(data);
        return AudioChunkValidator.Validate(data.Length, new AudioFormat(SampleRate), Limits);
    }

    public override ReadOnlySpan<short> Decode(in ArchiveChunk chunk) => Pcm16.AsSamples(chunk.Data.Span);
}
