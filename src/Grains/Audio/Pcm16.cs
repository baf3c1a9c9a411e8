using System.Buffers.Binary;
using System.Runtime.InteropServices;

namespace LiveTranscription.Grains.Audio;

/// <summary>Little-endian 16-bit PCM helpers.</summary>
public static class Pcm16
{
    /// <summary>Views little-endian bytes as samples (no copy on little-endian machines).</summary>
    public static ReadOnlySpan<short> AsSamples(ReadOnlySpan<byte> bytes)
    {
        if (!BitConverter.IsLittleEndian)
        {
            var copy = new short[bytes.Length / 2];
            for (var i = 0; i < copy.Length; i++)
            {
                copy[i] = BinaryPrimitives.ReadInt16LittleEndian(bytes[(i * 2)..]);
            }

            return copy;
        }

        return MemoryMarshal.Cast<byte, short>(bytes);
    }

    /// <summary>Samples as little-endian bytes.</summary>
    public static byte[] ToBytes(ReadOnlySpan<short> samples)
    {
        var bytes = new byte[samples.Length * 2];
        for (var i = 0; i < samples.Length; i++)
        {
            BinaryPrimitives.WriteInt16LittleEndian(bytes.AsSpan(i * 2), samples[i]);
        }

        return bytes;
    }
}
