using System.Buffers.Binary;

namespace LiveTranscription.Grains.Archive.Ogg;

/// <summary>
/// One Ogg page being assembled (RFC 3533): whole packets only (no packet continues across pages), at most
/// 255 lacing values. <see cref="Serialize"/> renders the page with its checksum; the page can keep growing
/// and be rendered again, which is how the archive rewrites its last page in place after every chunk.
/// </summary>
public sealed class OggPage
{
    public const int HeaderBytes = 27;
    public const int MaxSegments = 255;

    [Flags]
    public enum Flags : byte
    {
        None = 0,
        Continued = 1,
        BeginOfStream = 2,
        EndOfStream = 4,
    }

    private readonly List<byte> _lacing = new(MaxSegments);
    private byte[] _body = new byte[1024];

    public int PacketCount { get; private set; }

    public int SegmentCount => _lacing.Count;

    public int BodyBytes { get; private set; }

    public bool IsEmpty => PacketCount == 0;

    public static int SegmentsFor(int packetBytes) => (packetBytes / 255) + 1;

    public bool HasRoomFor(int packetBytes) => SegmentCount + SegmentsFor(packetBytes) <= MaxSegments;

    public void Add(ReadOnlySpan<byte> packet)
    {
        if (!HasRoomFor(packet.Length))
        {
            throw new InvalidOperationException("The page has no room for this packet.");
        }

        var rest = packet.Length;
        while (rest >= 255)
        {
            _lacing.Add(255);
            rest -= 255;
        }

        _lacing.Add((byte)rest);
        if (_body.Length < BodyBytes + packet.Length)
        {
            Array.Resize(ref _body, Math.Max(BodyBytes + packet.Length, _body.Length * 2));
        }

        packet.CopyTo(_body.AsSpan(BodyBytes));
        BodyBytes += packet.Length;
        PacketCount++;
    }

    /// <summary>Copies this page's packets into <paramref name="target"/> (a snapshot to roll back to).</summary>
    public void CopyTo(OggPage target)
    {
        target._lacing.Clear();
        target._lacing.AddRange(_lacing);
        if (target._body.Length < BodyBytes)
        {
            target._body = new byte[_body.Length];
        }

        _body.AsSpan(0, BodyBytes).CopyTo(target._body);
        target.BodyBytes = BodyBytes;
        target.PacketCount = PacketCount;
    }

    public void Clear()
    {
        _lacing.Clear();
        BodyBytes = 0;
        PacketCount = 0;
    }

    public int SerializedLength => HeaderBytes + SegmentCount + BodyBytes;

    /// <summary>Renders the page into <paramref name="destination"/> (at least <see cref="SerializedLength"/> bytes).</summary>
    public int Serialize(Span<byte> destination, Flags flags, long granulePosition, uint serial, uint sequence)
    {
        var length = SerializedLength;
        var page = destination[..length];
        "OggS"u8.CopyTo(page);
        page[4] = 0; // version
        page[5] = (byte)flags;
        BinaryPrimitives.WriteInt64LittleEndian(page[6..], granulePosition);
        BinaryPrimitives.WriteUInt32LittleEndian(page[14..], serial);
        BinaryPrimitives.WriteUInt32LittleEndian(page[18..], sequence);
        BinaryPrimitives.WriteUInt32LittleEndian(page[22..], 0);
        page[26] = (byte)SegmentCount;
        for (var i = 0; i < _lacing.Count; i++)
        {
            page[HeaderBytes + i] = _lacing[i];
        }

        _body.AsSpan(0, BodyBytes).CopyTo(page[(HeaderBytes + SegmentCount)..]);
        BinaryPrimitives.WriteUInt32LittleEndian(page[22..], OggCrc.Compute(page));
        return length;
    }
}
