using LiveTranscription.Grains.Abstractions.Sessions;
using LiveTranscription.Grains.Archive;
using LiveTranscription.Grains.Audio;
using LiveTranscription.Grains.Audio.Opus;
using LiveTranscription.Grains.Tests.Audio.Opus;
using LiveTranscription.TestKit;

namespace LiveTranscription.Grains.Tests.Archive;

/// <summary>What every <see cref="IAudioArchive"/> must do; the file archive and the S3 archive run these through subclasses.</summary>
public abstract class AudioArchiveSpec
{
    protected abstract IAudioArchive Archive(ArchiveFormat pcmFormat = ArchiveFormat.Wav);

    /// <summary>The stored object's bytes, once it is complete.</summary>
    protected abstract Task<byte[]> ReadAsync(string key);

    [Fact]
    public async Task PcmSessions_AreStoredAsTheWavOfEveryChunk_UnderTheDocumentedKey()
    {
        var sent = new MemoryStream();
        var writer = await Archive().CreateAsync(new ArchiveRequest(SessionIds.New(), "dr who", new DateTimeOffset(2026, 11, 21, 8, 30, 0, TimeSpan.Zero), 16000, AudioEncodings.Pcm16, 1), CancellationToken.None);
        foreach (var chunk in TestAudio.Chunks(TestAudio.Tone(16000, TimeSpan.FromSeconds(1.3)), 16000, TimeSpan.FromMilliseconds(100)))
        {
            sent.Write(chunk);
            await writer.AppendAsync(ArchiveChunk.Pcm16(chunk), CancellationToken.None);
        }

        var result = await writer.CompleteAsync(CancellationToken.None);
        await writer.DisposeAsync();

        Assert.Matches(@"^audio/dr_who/20261121_083000_[0-9a-f-]{36}\.wav$", result.Key);
        Assert.Equal(sent.ToArray(), TestAudio.DataChunk(await ReadAsync(result.Key)));
        Assert.Equal(1.3, result.Duration.TotalSeconds, 3);
    }

    [Fact]
    public async Task OpusSessions_AreStoredAsOggOpus_HoldingThePacketsAsReceived()
    {
        var packets = OpusTestAudio.Encode(TestAudio.Tone(16000, TimeSpan.FromSeconds(1)), 16000);
        using var input = new OpusInput(16000, new AudioLimits());
        var writer = await Archive().CreateAsync(new ArchiveRequest(SessionIds.New(), "u", DateTimeOffset.UtcNow, 16000, AudioEncodings.Opus, 1), CancellationToken.None);
        foreach (var chunk in OpusTestAudio.Chunks(packets, 5))
        {
            Assert.Null(input.Inspect(chunk, out var inspected));
            await writer.AppendAsync(inspected, CancellationToken.None);
        }

        var result = await writer.CompleteAsync(CancellationToken.None);
        await writer.DisposeAsync();
        var stored = await ReadAsync(result.Key);

        Assert.EndsWith(".opus", result.Key);
        Assert.Equal("OggS", System.Text.Encoding.ASCII.GetString(stored, 0, 4));
        var payload = packets.Sum(p => p.Length);
        Assert.InRange(stored.Length, payload, payload * 1.2 + 200); // the packets plus pages and headers, nothing re-encoded
    }
}
