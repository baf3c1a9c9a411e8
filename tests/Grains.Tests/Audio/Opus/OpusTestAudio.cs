using LiveTranscription.Grains.Audio.Opus;

namespace LiveTranscription.Grains.Tests.Audio.Opus;

/// <summary>Opus streams for tests, made with the service's own libopus binding.</summary>
internal static class OpusTestAudio
{
    /// <summary>Encodes PCM (zero-padded to whole 20 ms frames) into packets.</summary>
    public static List<byte[]> Encode(ReadOnlySpan<short> pcm, int sampleRate, int bitrate = 24000, int complexity = 5)
    {
        using var encoder = new OpusEncoder(sampleRate, bitrate, complexity);
        var frame = new short[encoder.FrameSamples];
        var packet = new byte[OpusEncoder.MaxPacketBytes];
        var packets = new List<byte[]>();
        for (var i = 0; i < pcm.Length; i += frame.Length)
        {
            Array.Clear(frame);
            pcm[i..Math.Min(pcm.Length, i + frame.Length)].CopyTo(frame);
            packets.Add(packet.AsSpan(0, encoder.Encode(frame, packet)).ToArray());
        }

        return packets;
    }

    public static List<byte[]> Encode(byte[] pcm16, int sampleRate, int bitrate = 24000)
        => Encode(LiveTranscription.Grains.Audio.Pcm16.AsSamples(pcm16), sampleRate, bitrate);

    /// <summary>Protocol chunks of <paramref name="packetsPerChunk"/> packets each.</summary>
    public static List<byte[]> Chunks(List<byte[]> packets, int packetsPerChunk = 5)
        => [.. packets.Chunk(packetsPerChunk).Select(c => OpusChunk.Frame(c.Select(p => (ReadOnlyMemory<byte>)p)))];

    public static short[] Decode(IEnumerable<byte[]> packets, int sampleRate)
    {
        using var decoder = new OpusDecoder(sampleRate);
        var output = new List<short>();
        var buffer = new short[sampleRate / 50];
        foreach (var p in packets)
        {
            output.AddRange(buffer.AsSpan(0, decoder.Decode(p, buffer)));
        }

        return [.. output];
    }

    /// <summary>Signal-to-noise ratio in dB of <paramref name="actual"/> against <paramref name="expected"/>.</summary>
    public static double Snr(ReadOnlySpan<short> expected, ReadOnlySpan<short> actual)
    {
        double signal = 0, noise = 0;
        for (var i = 0; i < Math.Min(expected.Length, actual.Length); i++)
        {
            signal += (double)expected[i] * expected[i];
            var d = (double)expected[i] - actual[i];
            noise += d * d;
        }

        return 10 * Math.Log10(signal / Math.Max(noise, 1));
    }
}
