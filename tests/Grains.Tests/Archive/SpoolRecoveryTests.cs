using LiveTranscription.Grains.Archive;

namespace LiveTranscription.Grains.Tests.Archive;

/// <summary>What a successor finds in a spool a dead owner left: the index's last entry, and a WAV cut back to it.</summary>
public sealed class SpoolRecoveryTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("lt-spool-").FullName;

    [Fact]
    public async Task ASpoolCutAfterAnUnindexedChunk_IsRepairedToTheLastIndexedOne()
    {
        var path = Path.Combine(_dir, "a.wav");
        var writer = new WavFileWriter(path, "a.wav", 16000);
        using (var index = new SpoolIndex(path))
        {
            for (var seq = 0; seq < 3; seq++)
            {
                await writer.AppendAsync(ArchiveChunk.Pcm16(Enumerable.Repeat((byte)(seq + 1), 3200).ToArray()), CancellationToken.None);
                index.Append(seq, writer.AudioBytes, writer.AudioBytes / 2);
            }

            // Chunk 3 reaches the spool, the process dies before indexing (and acknowledging) it.
            await writer.AppendAsync(ArchiveChunk.Pcm16(new byte[3200]), CancellationToken.None);
        }

        await writer.DisposeAsync();
        var last = SpoolIndex.ReadLast(path)!;
        Assert.Equal((2L, 9600L, 4800L), (last.Sequence, last.AudioBytes, last.Samples));

        WavFileWriter.Repair(path, last.AudioBytes);
        var bytes = await File.ReadAllBytesAsync(path);
        Assert.Equal(WavHeader.Size + 9600, bytes.Length);
        Assert.Equal(9600u, BitConverter.ToUInt32(bytes, 40));
        Assert.Equal(36u + 9600, BitConverter.ToUInt32(bytes, 4));
        Assert.Equal(3, bytes[^1]);
    }

    [Fact]
    public void ATornLastEntry_IsIgnored()
    {
        var path = Path.Combine(_dir, "b.wav");
        using (var index = new SpoolIndex(path))
        {
            index.Append(0, 100, 50);
        }

        File.AppendAllText(SpoolIndex.PathOf(path), "torn");
        Assert.Equal(0, SpoolIndex.ReadLast(path)!.Sequence);
        Assert.Null(SpoolIndex.ReadLast(Path.Combine(_dir, "none.wav")));
    }

    [Fact]
    public void Continuations_AreNumberedBesideTheFirstObject()
        => Assert.Equal("audio/u/20261121_080000_x.2.wav", ArchiveKey.Continuation("audio/u/20261121_080000_x.wav", 2));

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
