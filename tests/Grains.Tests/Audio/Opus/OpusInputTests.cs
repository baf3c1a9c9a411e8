using LiveTranscription.Grains.Audio;
using LiveTranscription.Grains.Audio.Opus;
using LiveTranscription.TestKit;

namespace LiveTranscription.Grains.Tests.Audio.Opus;

/// <summary>The session's Opus input: inspection leaves the decoder alone; a successor decoder can be primed.</summary>
public sealed class OpusInputTests
{
    private static readonly List<byte[]> Packets = OpusTestAudio.Encode(TestAudio.Speech("blood pressure one hundred twenty over eighty"), 16000);

    [Fact]
    public void Decode_OfInspectedChunks_EqualsDecodingEveryPacketInOrder()
    {
        using var input = new OpusInput(16000, new AudioLimits());
        var output = new List<short>();
        foreach (var chunk in OpusTestAudio.Chunks(Packets, 7))
        {
            Assert.Null(input.Inspect(chunk, out var inspected));
            Assert.NotNull(input.Inspect([0x00, 0x02, 0x03, 0x00], out _)); // a refused chunk in between changes nothing
            output.AddRange(input.Decode(inspected));
        }

        Assert.Equal(OpusTestAudio.Decode(Packets, 16000), output);
    }

    [Fact]
    public void APrimedDecoder_ContinuesLikeTheOriginal_AColdOneDoesNot()
    {
        var reference = OpusTestAudio.Decode(Packets, 16000);
        var resumeAt = Packets.Count / 2;
        var window = 320; // the first packet after the resume point

        using var original = new OpusInput(16000, new AudioLimits());
        original.Prime(Packets.Take(resumeAt));
        using var primed = new OpusInput(16000, new AudioLimits());
        primed.Prime(original.RecentPackets);
        using var cold = new OpusInput(16000, new AudioLimits());
        var next = OpusTestAudio.Chunks(Packets.Skip(resumeAt).Take(5).ToList(), 5)[0];
        primed.Inspect(next, out var a);
        var fromPrimed = primed.Decode(a).ToArray();
        cold.Inspect(next, out var b);
        var fromCold = cold.Decode(b).ToArray();

        var expected = reference.AsSpan(resumeAt * 320, window);
        fromPrimed = fromPrimed[..window];
        fromCold = fromCold[..window];
        var primedSnr = OpusTestAudio.Snr(expected, fromPrimed);
        var coldSnr = OpusTestAudio.Snr(expected, fromCold);
        Assert.Equal(OpusInput.PrimingPackets, original.RecentPackets.Count);
        Assert.True(primedSnr > 40 && coldSnr < 20, $"primed {primedSnr:0.0} dB, cold {coldSnr:0.0} dB");
    }
}
