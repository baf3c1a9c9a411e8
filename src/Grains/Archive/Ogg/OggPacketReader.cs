namespace LiveTranscription.Grains.Archive.Ogg;

/// <summary>
/// Reads the packets of a single-stream Ogg file in order (RFC 3533), joining packets that span pages. Stops at the
/// first page that is cut short or malformed (the tail a dead writer may leave). Used to take over a predecessor's
/// Ogg Opus spool; CRCs are not checked (the file was written by this service and is only read back).
/// </summary>
internal static class OggPacketReader
{
    public static List<byte[]> ReadPackets(string path)
    {
        var data = File.ReadAllBytes(path);
        var packets = new List<byte[]>();
        var partial = new List<byte>();
        var offset = 0;
        while (offset + OggPage.HeaderBytes <= data.Length && data.AsSpan(offset, 4).SequenceEqual("OggS"u8))
        {
            int segments = data[offset + 26];
            var bodyStart = offset + OggPage.HeaderBytes + segments;
            if (bodyStart > data.Length)
            {
                break;
            }

            var lacing = data.AsSpan(offset + OggPage.HeaderBytes, segments);
            var bodyLength = 0;
            foreach (var l in lacing)
            {
                bodyLength += l;
            }

            if (bodyStart + bodyLength > data.Length)
            {
                break;
            }

            var position = bodyStart;
            foreach (var l in lacing)
            {
                partial.AddRange(data.AsSpan(position, l));
                position += l;
                if (l < 255)
                {
                    packets.Add([.. partial]);
                    partial.Clear();
                }
            }

            offset = bodyStart + bodyLength;
        }

        return packets;
    }
}
