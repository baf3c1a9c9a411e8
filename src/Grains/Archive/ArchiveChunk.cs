namespace LiveTranscription.Grains.Archive;

/// <summary>
/// One accepted chunk as the archive sees it: the bytes the client sent, the Opus packets in them
/// (null for pcm16) and the number of PCM samples at the session rate it carries.
/// </summary>
public readonly record struct ArchiveChunk(ReadOnlyMemory<byte> Data, IReadOnlyList<Range>? OpusPackets, int Samples)
{
    /// <summary>The chunk's sequence in the session (indexed by spooled archives, see <c>SpoolIndex</c>); -1 when not known.</summary>
    public long Sequence { get; init; } = -1;

    public static ArchiveChunk Pcm16(ReadOnlyMemory<byte> data) => new(data, null, data.Length / 2);
}
