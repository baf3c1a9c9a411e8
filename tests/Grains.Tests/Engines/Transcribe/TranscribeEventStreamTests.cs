using System.Buffers.Binary;
using System.Text;
using LiveTranscription.Grains.Engines.Transcribe;

namespace LiveTranscription.Grains.Tests.Engines.Transcribe;

/// <summary>The event-stream codec against frames built by hand from the format's definition.</summary>
public sealed class TranscribeEventStreamTests
{
    [Fact]
    public void AnAudioEvent_IsTheFrameTheFormatDefines()
    {
        byte[] pcm = [1, 2, 3, 4];

        var frame = TranscribeEventStream.AudioEvent(pcm);

        var expected = Frame([(":content-type", "application/octet-stream"), (":event-type", "AudioEvent"), (":message-type", "event")], pcm);
        Assert.Equal(Convert.ToHexString(expected), Convert.ToHexString(frame));
        Assert.Equal(expected.Length - 4 - 4 - 4 - 4 - pcm.Length, BinaryPrimitives.ReadInt32BigEndian(frame.AsSpan(4))); // headers length
    }

    [Fact]
    public void TheEmptyAudioEvent_EndsTheAudio()
        => Assert.Equal(Convert.ToHexString(Frame([(":content-type", "application/octet-stream"), (":event-type", "AudioEvent"), (":message-type", "event")], [])),
            Convert.ToHexString(TranscribeEventStream.AudioEvent([])));

    [Fact]
    public void TranscriptEvents_BecomeResults_WithAverageConfidenceAndSpeaker()
    {
        const string json = """
            {"Transcript":{"Results":[
              {"Alternatives":[{"Items":[
                  {"Confidence":0.9,"Content":"chest","EndTime":1.2,"StartTime":0.8,"Type":"pronunciation","Speaker":"0"},
                  {"Confidence":0.7,"Content":"pain","EndTime":1.6,"StartTime":1.2,"Type":"pronunciation","Speaker":"0"},
                  {"Content":".","EndTime":1.6,"StartTime":1.6,"Type":"punctuation"}],
                "Transcript":"chest pain."}],
               "ChannelId":"ch_0","EndTime":1.6,"IsPartial":false,"ResultId":"a1b2","StartTime":0.8},
              {"Alternatives":[{"Items":[],"Transcript":"he"}],"EndTime":2.0,"IsPartial":true,"ResultId":"c3d4","StartTime":1.9}]}}
            """;

        var message = TranscribeEventStream.Decode(Frame([(":event-type", "TranscriptEvent"), (":content-type", "application/json"), (":message-type", "event")], Encoding.UTF8.GetBytes(json)));

        Assert.False(message.IsException);
        Assert.Equal(2, message.Results.Count);
        var final = message.Results[0];
        Assert.Equal(("a1b2", false, 0.8, 1.6, "chest pain.", "0"), (final.ResultId, final.IsPartial, final.StartTime, final.EndTime, final.Text, final.Speaker));
        Assert.Equal(0.8, final.Confidence!.Value, 6);
        Assert.Equal(("c3d4", true, (double?)null), (message.Results[1].ResultId, message.Results[1].IsPartial, message.Results[1].Confidence));
    }

    [Fact]
    public void EmptyResultLists_AreIgnored()
    {
        var message = TranscribeEventStream.Decode(Frame([(":event-type", "TranscriptEvent"), (":message-type", "event")], """{"Transcript":{"Results":[]}}"""u8.ToArray()));

        Assert.Empty(message.Results);
    }

    [Theory]
    [InlineData("BadRequestException", "A complete signal was received without the preamble.")]
    [InlineData("LimitExceededException", "You have reached your limit of concurrent streams.")]
    [InlineData("ServiceUnavailableException", "Service is currently unavailable.")]
    public void Exceptions_CarryTheirTypeAndMessage(string type, string text)
    {
        var frame = Frame([(":exception-type", type), (":content-type", "application/json"), (":message-type", "exception")], Encoding.UTF8.GetBytes($$"""{"Message":"{{text}}"}"""));

        var message = TranscribeEventStream.Decode(frame);

        Assert.True(message.IsException);
        Assert.Equal((type, text), (message.ExceptionType, message.ExceptionMessage));
    }

    [Fact]
    public void ACorruptedFrame_IsRefused()
    {
        var frame = TranscribeEventStream.AudioEvent([1, 2, 3, 4]);
        frame[^6] ^= 0xFF; // a payload byte: the message CRC no longer matches

        Assert.ThrowsAny<Exception>(() => TranscribeEventStream.Decode(frame));
    }

    /// <summary>
    /// application/vnd.amazon.eventstream: total length, headers length, prelude CRC-32, headers
    /// (name length, name, type 7 = string, value length, value), payload, message CRC-32. Big-endian.
    /// </summary>
    private static byte[] Frame((string Name, string Value)[] headers, byte[] payload)
    {
        var h = new List<byte>();
        foreach (var (name, value) in headers)
        {
            h.Add((byte)name.Length);
            h.AddRange(Encoding.UTF8.GetBytes(name));
            h.Add(7);
            h.Add((byte)(value.Length >> 8));
            h.Add((byte)value.Length);
            h.AddRange(Encoding.UTF8.GetBytes(value));
        }

        var total = 12 + h.Count + payload.Length + 4;
        var frame = new byte[total];
        BinaryPrimitives.WriteInt32BigEndian(frame, total);
        BinaryPrimitives.WriteInt32BigEndian(frame.AsSpan(4), h.Count);
        BinaryPrimitives.WriteUInt32BigEndian(frame.AsSpan(8), Crc32(frame.AsSpan(0, 8)));
        h.ToArray().CopyTo(frame, 12);
        payload.CopyTo(frame, 12 + h.Count);
        BinaryPrimitives.WriteUInt32BigEndian(frame.AsSpan(total - 4), Crc32(frame.AsSpan(0, total - 4)));
        return frame;
    }

    /// <summary>CRC-32 (IEEE 802.3, reflected, as zlib).</summary>
    private static uint Crc32(ReadOnlySpan<byte> data)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in data)
        {
            crc ^= b;
            for (var i = 0; i < 8; i++)
            {
                crc = (crc & 1) != 0 ? (crc >> 1) ^ 0xEDB88320u : crc >> 1;
            }
        }

        return ~crc;
    }
}
