using System.Buffers.Binary;

namespace LiveTranscription.Grains.Archive;

/// <summary>The 44-byte RIFF/WAVE header of 16-bit mono PCM.</summary>
public static class WavHeader
{
    public const int Size = 44;

    public static byte[] Create(int sampleRate, uint dataBytes)
    {
        var h = new byte[Size];
        "RIFF"u8.CopyTo(h);
        BinaryPrimitives.WriteUInt32LittleEndian(h.AsSpan(4), 36 + dataBytes);
        "WAVE"u8.CopyTo(h.AsSpan(8));
        "fmt "u8.CopyTo(h.AsSpan(12));
        BinaryPrimitives.WriteUInt32LittleEndian(h.AsSpan(16), 16);      // fmt chunk size
        BinaryPrimitives.WriteUInt16LittleEndian(h.AsSpan(20), 1);       // PCM
        BinaryPrimitives.WriteUInt16LittleEndian(h.AsSpan(22), 1);       // mono
        BinaryPrimitives.WriteUInt32LittleEndian(h.AsSpan(24), (uint)sampleRate);
        BinaryPrimitives.WriteUInt32LittleEndian(h.AsSpan(28), (uint)sampleRate * 2);
        BinaryPrimitives.WriteUInt16LittleEndian(h.AsSpan(32), 2);       // block align
        BinaryPrimitives.WriteUInt16LittleEndian(h.AsSpan(34), 16);      // bits per sample
        "data"u8.CopyTo(h.AsSpan(36));
        BinaryPrimitives.WriteUInt32LittleEndian(h.AsSpan(40), dataBytes);
        return h;
    }
}
