using System.Buffers.Binary;
using LiveTranscription.Grains.Archive;
using LiveTranscription.Grains.Storage;
using LiveTranscription.TestKit;
using Microsoft.Extensions.Options;

namespace LiveTranscription.Grains.Tests.Archive;

public sealed class WavFileWriterTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("lt-archive-").FullName;

    [Fact]
    public async Task TheFile_IsAValidWavOfEverythingAppended_EvenBeforeCompletion()
    {
        var archive = new FileAudioArchive(Options.Create(new StorageOptions { DataDirectory = _root }), Options.Create(new ArchiveOptions()));
        var start = new DateTimeOffset(2026, 11, 20, 9, 30, 5, TimeSpan.Zero);
        await using var writer = await archive.CreateAsync(new ArchiveRequest("s", "dr.who/../x", start, 8000, "pcm16", 1), CancellationToken.None);
        var a = TestAudio.Tone(8000, TimeSpan.FromMilliseconds(100));
        var b = TestAudio.Tone(8000, TimeSpan.FromMilliseconds(60), seed: 2);

        await writer.AppendAsync(ArchiveChunk.Pcm16(a), CancellationToken.None);
        await writer.AppendAsync(ArchiveChunk.Pcm16(b), CancellationToken.None);
        var path = Path.Combine(_root, writer.Key);
        var whileRunning = await ReadSharedAsync(path);
        var result = await writer.CompleteAsync(CancellationToken.None);
        var done = await File.ReadAllBytesAsync(path, TestContext.Current.CancellationToken);

        Assert.Matches(@"^audio/dr\.who_\.\._x/20261120_093005_[0-9a-f-]{36}\.wav$", writer.Key);
        foreach (var wav in new[] { whileRunning, done })
        {
            Assert.Equal((uint)(36 + a.Length + b.Length), BinaryPrimitives.ReadUInt32LittleEndian(wav.AsSpan(4)));
            Assert.Equal(8000u, BinaryPrimitives.ReadUInt32LittleEndian(wav.AsSpan(24)));
            Assert.Equal([.. a, .. b], TestAudio.DataChunk(wav));
        }

        Assert.Equal(a.Length + b.Length, result.AudioBytes);
        Assert.Equal(0.16, result.Duration.TotalSeconds, 3);
    }

    [Theory]
    [InlineData("alice@example.com", "alice@example.com")]
    [InlineData("..", "_")]
    [InlineData("a/b\\c d", "a_b_c_d")]
    [InlineData("", "_")]
    public void UserIds_AreMadeSafeForKeys(string userId, string expected) => Assert.Equal(expected, ArchiveKey.SafeSegment(userId));

    private static async Task<byte[]> ReadSharedAsync(string path)
    {
        await using var s = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        var buffer = new byte[s.Length];
        await s.ReadExactlyAsync(buffer);
        return buffer;
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);
}
