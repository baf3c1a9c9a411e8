using System.Buffers.Binary;
using Google.Protobuf;
using LiveTranscription.Cluster.Link;
using LiveTranscription.Grains.Abstractions.Link;

namespace LiveTranscription.Cluster.Tests.Link;

public sealed class GrpcFramesTests
{
    private static Up Audio(long sequence, int bytes) => new()
    {
        Audio = new Audio { Id = sequence, Sequence = sequence, Caller = new Client { GatewayId = "g", ConnectionId = "c", UserId = "u" }, Data = ByteString.CopyFrom(new byte[bytes]) },
    };

    [Fact]
    public async Task Frames_RoundTrip_InOrder_ThenEndCleanly()
    {
        using var stream = new MemoryStream();
        for (var i = 0; i < 3; i++)
        {
            await GrpcFrames.WriteAsync(stream, Audio(i, 3200), CancellationToken.None);
        }

        stream.Position = 0;
        for (var i = 0; i < 3; i++)
        {
            var up = await GrpcFrames.ReadAsync(stream, Up.Parser, GrpcFrames.DefaultMaxMessageBytes, CancellationToken.None);
            Assert.Equal(i, up!.Audio.Sequence);
            Assert.Equal(3200, up.Audio.Data.Length);
        }

        Assert.Null(await GrpcFrames.ReadAsync(stream, Up.Parser, GrpcFrames.DefaultMaxMessageBytes, CancellationToken.None));
    }

    [Fact]
    public void Encode_WritesTheGrpcPrefix_UncompressedFlagAndBigEndianLength()
    {
        var message = Audio(7, 10);
        var frame = GrpcFrames.Encode(message);
        Assert.Equal(0, frame[0]);
        Assert.Equal((uint)message.CalculateSize(), BinaryPrimitives.ReadUInt32BigEndian(frame.AsSpan(1)));
        Assert.Equal(GrpcFrames.HeaderSize + message.CalculateSize(), frame.Length);
    }

    [Theory]
    [InlineData(new byte[] { 0, 0, 0 })]                         // header cut short
    [InlineData(new byte[] { 0, 0, 0, 0, 9, 1, 2 })]             // body cut short
    [InlineData(new byte[] { 1, 0, 0, 0, 1, 0 })]                // compressed without negotiation
    [InlineData(new byte[] { 0, 0, 0, 0, 2, 0xff, 0xff })]       // not protobuf
    public async Task BrokenFrames_AreInvalidData(byte[] bytes)
    {
        using var stream = new MemoryStream(bytes);
        await Assert.ThrowsAsync<InvalidDataException>(async () => await GrpcFrames.ReadAsync(stream, Up.Parser, 1024, CancellationToken.None));
    }

    [Fact]
    public async Task AMessageOverTheLimit_IsRefusedBeforeItIsRead()
    {
        using var stream = new MemoryStream(GrpcFrames.Encode(Audio(1, 5000)));
        var ex = await Assert.ThrowsAsync<InvalidDataException>(async () => await GrpcFrames.ReadAsync(stream, Up.Parser, 4096, CancellationToken.None));
        Assert.Contains("exceeds the limit", ex.Message, StringComparison.Ordinal);
        Assert.Equal(GrpcFrames.HeaderSize, stream.Position);
    }
}
