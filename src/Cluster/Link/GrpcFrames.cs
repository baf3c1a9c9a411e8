using System.Buffers.Binary;
using Google.Protobuf;

namespace LiveTranscription.Cluster.Link;

/// <summary>
/// gRPC's message framing on an HTTP/2 body: a 1-byte compressed flag (always 0 here), a 4-byte big-endian length,
/// then the protobuf message (https://github.com/grpc/grpc/blob/master/doc/PROTOCOL-HTTP2.md).
/// </summary>
public static class GrpcFrames
{
    public const int HeaderSize = 5;

    /// <summary>Largest message accepted: a 32 KiB chunk plus envelope, or a start ack with a long transcript.</summary>
    public const int DefaultMaxMessageBytes = 4 * 1024 * 1024;

    public const string ContentType = "application/grpc";

    public static byte[] Encode(IMessage message)
    {
        var size = message.CalculateSize();
        var frame = new byte[HeaderSize + size];
        BinaryPrimitives.WriteUInt32BigEndian(frame.AsSpan(1), (uint)size);
        message.WriteTo(frame.AsSpan(HeaderSize));
        return frame;
    }

    public static async ValueTask WriteAsync(Stream stream, IMessage message, CancellationToken cancellationToken)
    {
        await stream.WriteAsync(Encode(message), cancellationToken).ConfigureAwait(false);
        await stream.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Reads one message; null at a clean end of stream. Throws <see cref="InvalidDataException"/> on bad framing.</summary>
    public static async ValueTask<T?> ReadAsync<T>(Stream stream, MessageParser<T> parser, int maxMessageBytes, CancellationToken cancellationToken)
        where T : class, IMessage<T>
    {
        var header = new byte[HeaderSize];
        var read = await ReadFullyAsync(stream, header, cancellationToken).ConfigureAwait(false);
        if (read == 0)
        {
            return null;
        }

        if (read < HeaderSize)
        {
            throw new InvalidDataException("The stream ended inside a message header.");
        }

        if (header[0] != 0)
        {
            throw new InvalidDataException("Compressed messages are not supported (no grpc-encoding was negotiated).");
        }

        var length = BinaryPrimitives.ReadUInt32BigEndian(header.AsSpan(1));
        if (length > maxMessageBytes)
        {
            throw new InvalidDataException($"A message of {length} bytes exceeds the limit of {maxMessageBytes}.");
        }

        var body = new byte[length];
        if (await ReadFullyAsync(stream, body, cancellationToken).ConfigureAwait(false) < length)
        {
            throw new InvalidDataException("The stream ended inside a message.");
        }

        try
        {
            return parser.ParseFrom(body);
        }
        catch (InvalidProtocolBufferException ex)
        {
            throw new InvalidDataException("A message is not valid protobuf.", ex);
        }
    }

    private static async ValueTask<int> ReadFullyAsync(Stream stream, Memory<byte> buffer, CancellationToken cancellationToken)
    {
        var total = 0;
        while (total < buffer.Length)
        {
            var n = await stream.ReadAsync(buffer[total..], cancellationToken).ConfigureAwait(false);
            if (n == 0)
            {
                break;
            }

            total += n;
        }

        return total;
    }
}
