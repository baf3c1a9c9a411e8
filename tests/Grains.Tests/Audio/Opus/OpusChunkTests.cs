using LiveTranscription.Grains.Audio;
using LiveTranscription.Grains.Audio.Opus;
using LiveTranscription.TestKit;

namespace LiveTranscription.Grains.Tests.Audio.Opus;

/// <summary>The protocol's Opus chunk framing and the checks every packet passes before anything is decoded.</summary>
public sealed class OpusChunkTests
{
    private static readonly AudioLimits Limits = new();
    private static readonly List<byte[]> Wideband = OpusTestAudio.Encode(TestAudio.Sine(16000, 16000, 300), 16000);

    [Fact]
    public void AFramedChunk_SplitsIntoItsPackets()
    {
        var chunk = OpusTestAudio.Chunks(Wideband, 5)[0];
        var packets = new List<Range>();

        Assert.Null(OpusChunk.Parse(chunk, 16000, Limits, packets));

        Assert.Equal(5, packets.Count);
        for (var i = 0; i < 5; i++)
        {
            Assert.Equal(Wideband[i], chunk[packets[i]]);
        }
    }

    [Theory]
    [InlineData(new byte[] { }, "empty")]
    [InlineData(new byte[] { 0x00 }, "1 byte left where packet 0's 2-byte length")]
    [InlineData(new byte[] { 0x00, 0x00 }, "packet 0 has length 0")]
    [InlineData(new byte[] { 0x00, 0x09, 0x48, 0x01 }, "packet 0 declares 9 bytes but 2 remain")]
    [InlineData(new byte[] { 0x00, 0x02, 0x03, 0x00 }, "packet 0 is malformed")]          // code 3, zero frames
    [InlineData(new byte[] { 0x00, 0x02, 0xFF, 0xFF }, "packet 0 is malformed")]          // code 3, 63 frames
    [InlineData(new byte[] { 0x00, 0x02, 0x49, 0x05 }, "packet 0 is malformed")]          // code 1 (two equal frames), odd payload
    public void BadFraming_OrMalformedPackets_AreRefused_WithTheReason(byte[] chunk, string reason)
    {
        var error = OpusChunk.Parse(chunk, 16000, Limits, []);

        Assert.NotNull(error);
        Assert.Contains(reason, error);
    }

    [Fact]
    public void AValidPacketFollowedByATruncatedOne_IsRefusedAsAWhole()
    {
        var chunk = OpusTestAudio.Chunks(Wideband, 3)[0];
        var packets = new List<Range>();

        var error = OpusChunk.Parse(chunk.AsSpan(0, chunk.Length - 5), 16000, Limits, packets);

        Assert.Contains("packet 2 declares", error);
    }

    [Fact]
    public void PacketsThatAreNot20ms_AreRefused()
    {
        using var encoder = new OpusEncoder(16000, 24000, 5);
        var packet = new byte[OpusEncoder.MaxPacketBytes];
        var tenMs = packet.AsSpan(0, encoder.Encode(new short[160], packet)).ToArray();

        var error = OpusChunk.Parse(OpusChunk.Frame([tenMs, tenMs]), 16000, Limits, []);

        Assert.Contains("lasts 10 ms; the protocol needs 20 ms packets", error);
    }

    [Fact]
    public void FullbandPackets_InA16kHzSession_AreAWrongDeclaredRate()
    {
        var fullband = OpusTestAudio.Encode(TestAudio.Sine(48000, 4800, 300), 48000, bitrate: 32000);
        var chunk = OpusTestAudio.Chunks(fullband, 5)[0];

        var at16k = OpusChunk.Parse(chunk, 16000, Limits, []);
        var at48k = OpusChunk.Parse(chunk, 48000, Limits, []);
        var widebandAt48k = OpusChunk.Parse(OpusTestAudio.Chunks(Wideband, 5)[0], 48000, Limits, []);

        Assert.Contains("fullband", at16k);
        Assert.Contains("declared 16000 Hz", at16k);
        Assert.Null(at48k);
        Assert.Null(widebandAt48k); // a 48 kHz encoder may lower its bandwidth at low bitrates
    }

    [Fact]
    public void ChunksOver1sOr32KiB_AreRefused()
    {
        var tooLong = OpusChunk.Parse(OpusTestAudio.Chunks([.. Wideband, Wideband[0]], 51)[0], 16000, Limits, []);
        var tooBig = OpusChunk.Parse(new byte[(32 * 1024) + 1], 16000, Limits, []);

        Assert.Contains("more than 50 Opus packets", tooLong);
        Assert.Contains("exceeds the 32768-byte limit", tooBig);
    }
}
