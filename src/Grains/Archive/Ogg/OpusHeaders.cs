using System.Buffers.Binary;
using System.Text;

namespace LiveTranscription.Grains.Archive.Ogg;

/// <summary>The identification and comment headers of an Ogg Opus stream (RFC 7845 section 5), mono, mapping family 0.</summary>
public static class OpusHeaders
{
    public static byte[] Head(int preSkip, int inputSampleRate)
    {
        var h = new byte[19];
        "OpusHead"u8.CopyTo(h);
        h[8] = 1; // version
        h[9] = 1; // channels
        BinaryPrimitives.WriteUInt16LittleEndian(h.AsSpan(10), checked((ushort)preSkip));
        BinaryPrimitives.WriteUInt32LittleEndian(h.AsSpan(12), (uint)inputSampleRate);
        BinaryPrimitives.WriteInt16LittleEndian(h.AsSpan(16), 0); // output gain
        h[18] = 0; // channel mapping family
        return h;
    }

    public static byte[] Tags(string vendor, IEnumerable<KeyValuePair<string, string>> comments)
    {
        using var ms = new MemoryStream();
        ms.Write("OpusTags"u8);
        WriteString(ms, vendor);
        var list = comments.ToList();
        WriteUInt32(ms, (uint)list.Count);
        foreach (var (key, value) in list)
        {
            WriteString(ms, $"{key}={value}");
        }

        return ms.ToArray();
    }

    private static void WriteString(Stream s, string value)
    {
        var bytes = Encoding.UTF8.GetBytes(value);
        WriteUInt32(s, (uint)bytes.Length);
        s.Write(bytes);
    }

    private static void WriteUInt32(Stream s, uint value)
    {
        Span<byte> b = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(b, value);
        s.Write(b);
    }
}
