using LiveTranscription.Grains.Audio.Opus;

namespace LiveTranscription.Grains.Archive.Ogg;

/// <summary>
/// The last audio of an Ogg Opus spool as pcm16, for a successor's engine to hear again: the packets (20 ms each)
/// from <c>fromSample</c> on, decoded by a fresh decoder primed with the packets just before them (so the first of
/// them decodes as the original decoder heard it).
/// </summary>
internal static class OpusTail
{
    private const int PrimingPackets = 5;

    public static (ReadOnlyMemory<byte> Pcm, long StartSample) Decode(string spool, int sampleRate, long fromSample, long totalSamples, TimeSpan maxTail)
    {
        var packets = OggPacketReader.ReadPackets(spool).Skip(2).ToList(); // OpusHead, OpusTags
        var perPacket = sampleRate / 50;
        var available = Math.Min(packets.Count, (int)(totalSamples / perPacket));
        var maxPackets = (int)(maxTail / TimeSpan.FromMilliseconds(20));
        var first = Math.Clamp((int)(fromSample / perPacket), Math.Max(0, available - maxPackets), available);
        if (first >= available)
        {
            return (default, 0);
        }

        using var decoder = new OpusDecoder(sampleRate);
        var frame = new short[perPacket * 6]; // room for the longest Opus frame (120 ms)
        for (var i = Math.Max(0, first - PrimingPackets); i < first; i++)
        {
            decoder.Decode(packets[i], frame);
        }

        var pcm = new byte[(available - first) * perPacket * 2];
        var written = 0;
        for (var i = first; i < available; i++)
        {
            var n = decoder.Decode(packets[i], frame);
            var bytes = System.Runtime.InteropServices.MemoryMarshal.AsBytes(frame.AsSpan(0, n));
            var take = Math.Min(bytes.Length, pcm.Length - written);
            bytes[..take].CopyTo(pcm.AsSpan(written));
            written += take;
        }

        return (pcm.AsMemory(0, written), (long)first * perPacket);
    }
}
