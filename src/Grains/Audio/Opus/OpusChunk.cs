using System.Buffers.Binary;

namespace LiveTranscription.Grains.Audio.Opus;

/// <summary>
/// The protocol's framing of Opus audio in one <c>SendAudio</c> chunk: one or more packets, each preceded by
/// its length as a 16-bit big-endian integer (as RFC 4571 frames RTP on a stream). Every packet must be a
/// valid Opus packet (RFC 6716) of 20 ms whose coded bandwidth fits the session's declared sample rate.
/// </summary>
public static class OpusChunk
{
    public const int LengthPrefixBytes = 2;

    /// <summary>Largest packet accepted: a 20 ms packet at Opus' highest rate is under 10 KiB (8 × 1275-byte frames).</summary>
    public const int MaxPacketBytes = 10 * 1024;

    /// <summary>
    /// Splits and checks <paramref name="chunk"/> without decoding it. On success <paramref name="packets"/>
    /// holds each packet's range in the chunk and the result is null; otherwise the result says what is wrong.
    /// </summary>
    public static unsafe string? Parse(ReadOnlySpan<byte> chunk, int sampleRate, AudioLimits limits, List<Range> packets)
    {
        packets.Clear();
        if (chunk.IsEmpty)
        {
            return "Audio chunk is empty.";
        }

        if (chunk.Length > limits.MaxChunkBytes)
        {
            return $"Audio chunk of {chunk.Length} bytes exceeds the {limits.MaxChunkBytes}-byte limit.";
        }

        var maxPackets = (int)(limits.MaxChunkDuration.Ticks / TimeSpan.FromMilliseconds(20).Ticks);
        var maxBandwidth = MaxBandwidthFor(sampleRate);
        var offset = 0;
        while (offset < chunk.Length)
        {
            var index = packets.Count;
            if (index == maxPackets)
            {
                return $"Audio chunk holds more than {maxPackets} Opus packets, longer than {limits.MaxChunkDuration.TotalMilliseconds:0} ms.";
            }

            if (chunk.Length - offset < LengthPrefixBytes)
            {
                return $"Opus chunk is truncated: {chunk.Length - offset} byte left where packet {index}'s 2-byte length was expected.";
            }

            int length = BinaryPrimitives.ReadUInt16BigEndian(chunk[offset..]);
            offset += LengthPrefixBytes;
            if (length == 0)
            {
                return $"Opus packet {index} has length 0.";
            }

            if (length > MaxPacketBytes)
            {
                return $"Opus packet {index} declares {length} bytes; a 20 ms packet is at most {MaxPacketBytes}.";
            }

            if (length > chunk.Length - offset)
            {
                return $"Opus chunk is truncated: packet {index} declares {length} bytes but {chunk.Length - offset} remain.";
            }

            var packet = chunk.Slice(offset, length);
            if (Check(packet, index, sampleRate, maxBandwidth) is { } invalid)
            {
                return invalid;
            }

            packets.Add(new Range(offset, offset + length));
            offset += length;
        }

        var duration = TimeSpan.FromMilliseconds(20 * packets.Count);
        return duration < limits.MinChunkDuration
            ? $"Audio chunk of {duration.TotalMilliseconds:0} ms is shorter than {limits.MinChunkDuration.TotalMilliseconds:0} ms."
            : null;
    }

    /// <summary>Frames packets as the protocol sends them (for clients, tests and the benchmark).</summary>
    public static byte[] Frame(IEnumerable<ReadOnlyMemory<byte>> packets)
    {
        using var ms = new MemoryStream();
        Span<byte> prefix = stackalloc byte[LengthPrefixBytes];
        foreach (var p in packets)
        {
            BinaryPrimitives.WriteUInt16BigEndian(prefix, checked((ushort)p.Length));
            ms.Write(prefix);
            ms.Write(p.Span);
        }

        return ms.ToArray();
    }

    private static unsafe string? Check(ReadOnlySpan<byte> packet, int index, int sampleRate, int maxBandwidth)
    {
        var frames = stackalloc nint[48];
        var sizes = stackalloc short[48];
        fixed (byte* data = packet)
        {
            var count = OpusNative.opus_packet_parse(data, packet.Length, out _, frames, sizes, out _);
            if (count < 0)
            {
                return $"Opus packet {index} is malformed: {OpusNative.ErrorText(count)}.";
            }

            var samples = OpusNative.opus_packet_get_nb_samples(data, packet.Length, OpusFormat.GranuleRate);
            if (samples != OpusFormat.PacketSamples48k)
            {
                return $"Opus packet {index} lasts {samples / 48.0:0.#} ms; the protocol needs 20 ms packets.";
            }

            var bandwidth = OpusNative.opus_packet_get_bandwidth(data);
            if (bandwidth > maxBandwidth)
            {
                return $"Opus packet {index} is {BandwidthName(bandwidth)}, more than the session's declared {sampleRate} Hz carries: "
                    + "start the session at the rate the encoder runs at (quality high for 48 kHz).";
            }
        }

        return null;
    }

    /// <summary>Highest Opus bandwidth a rate can carry: 16 kHz → wideband (8 kHz audio), 48 kHz → fullband.</summary>
    private static int MaxBandwidthFor(int sampleRate) => sampleRate switch
    {
        >= 48000 => 1105,
        >= 24000 => 1104,
        >= 16000 => 1103,
        >= 12000 => 1102,
        _ => 1101,
    };

    private static string BandwidthName(int bandwidth) => bandwidth switch
    {
        1101 => "narrowband (4 kHz audio)",
        1102 => "mediumband (6 kHz audio)",
        1103 => "wideband (8 kHz audio)",
        1104 => "super-wideband (12 kHz audio)",
        1105 => "fullband (20 kHz audio)",
        _ => $"bandwidth {bandwidth}",
    };
}
