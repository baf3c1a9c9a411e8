using LiveTranscription.Grains.Abstractions.Sessions;
using LiveTranscription.Grains.Archive;
using LiveTranscription.Grains.Archive.Ogg;
using LiveTranscription.Grains.Audio.Opus;
using LiveTranscription.Grains.Storage;
using LiveTranscription.Grains.Tests.Audio.Opus;
using LiveTranscription.TestKit;
using Microsoft.Extensions.Options;

namespace LiveTranscription.Grains.Tests.Archive;

/// <summary>Ogg Opus archives, checked by opus-tools (opusinfo, opusdec) and by decoding them back.</summary>
public sealed class OggOpusFileWriterTests : IDisposable
{
    private static readonly DateTimeOffset Start = new(2026, 11, 21, 8, 0, 0, TimeSpan.Zero);
    private readonly string _root = Directory.CreateTempSubdirectory("lt-ogg-").FullName;

    [Fact]
    public void TheChecksum_IsOggsCrc32()
        => Assert.Equal(0x89A1897Fu, OggCrc.Compute("123456789"u8)); // CRC-32/POSIX's check value without its final xor

    [Fact]
    public async Task Pcm_IsEncoded_AndDecodesBackToExactlyTheSamplesSent()
    {
        var speech = TestAudio.Speech("please schedule a follow up visit in two weeks");
        var archive = Archive(ArchiveFormat.OggOpus);
        await using var writer = await archive.CreateAsync(Request(AudioEncodings.Pcm16, 16000), CancellationToken.None);
        foreach (var chunk in TestAudio.Chunks(speech, 16000, TimeSpan.FromMilliseconds(70))) // not a multiple of 20 ms
        {
            await writer.AppendAsync(ArchiveChunk.Pcm16(chunk), CancellationToken.None);
        }

        var result = await writer.CompleteAsync(CancellationToken.None);
        var path = Path.Combine(_root, writer.Key);
        var decoded = Decode(path);

        Assert.EndsWith(".opus", writer.Key);
        Assert.Contains("Playback length", Run("opusinfo", path));
        Assert.Equal(speech.Length / 2, decoded.Length); // pre-skip and end trimming remove exactly the codec's padding
        Assert.Equal(speech.Length / 2 / 16000.0, result.Duration.TotalSeconds, 3);
        var snr = OpusTestAudio.Snr(LiveTranscription.Grains.Audio.Pcm16.AsSamples(speech), decoded);
        Assert.True(snr > 3, $"decoded audio is not the input (SNR {snr:0.0} dB): misaligned?");
    }

    [Fact]
    public async Task OpusPackets_AreStoredAsReceived_WithLowOverhead_AndTheRightDuration()
    {
        var speech = TestAudio.Speech("the patient is a forty two year old woman with a history of migraine");
        var packets = Enumerable.Repeat(OpusTestAudio.Encode(speech, 16000), 20).SelectMany(p => p).ToList(); // about a minute
        var archive = Archive(ArchiveFormat.Wav); // Opus input is Ogg Opus whatever the PCM setting
        await using var writer = await archive.CreateAsync(Request(AudioEncodings.Opus, 16000), CancellationToken.None);
        using var input = new LiveTranscription.Grains.Audio.Opus.OpusInput(16000, new LiveTranscription.Grains.Audio.AudioLimits());
        foreach (var chunk in OpusTestAudio.Chunks(packets, 5))
        {
            Assert.Null(input.Inspect(chunk, out var inspected));
            await writer.AppendAsync(inspected, CancellationToken.None);
        }

        var result = await writer.CompleteAsync(CancellationToken.None);
        var path = Path.Combine(_root, writer.Key);
        var info = Run("opusinfo", path);
        var sent = packets.Count * 0.02;
        var payload = packets.Sum(p => p.Length);
        var overhead = (new FileInfo(path).Length - payload) / (double)new FileInfo(path).Length;

        Assert.Contains("Pre-skip: 312", info);
        Assert.InRange(Decode(path).Length / 16000.0, sent - 0.02, sent);
        Assert.InRange(result.Duration.TotalSeconds, sent - 0.02, sent);
        Assert.True(overhead < 0.05, $"container overhead {overhead:P1}");
        Assert.Equal(new FileInfo(path).Length, result.AudioBytes);
    }

    [Fact]
    public async Task ASuccessor_ReadsTheTailOfAnUnfinishedSpool_AsTheOriginalDecoderHeardIt()
    {
        var speech = TestAudio.Speech("the patient is a forty two year old woman with a history of migraine");
        var packets = OpusTestAudio.Encode(speech, 16000);
        var archive = Archive(ArchiveFormat.Wav);
        var writer = await archive.CreateAsync(Request(AudioEncodings.Opus, 16000), CancellationToken.None);
        using var input = new LiveTranscription.Grains.Audio.Opus.OpusInput(16000, new LiveTranscription.Grains.Audio.AudioLimits());
        foreach (var chunk in OpusTestAudio.Chunks(packets, 5))
        {
            Assert.Null(input.Inspect(chunk, out var inspected));
            await writer.AppendAsync(inspected, CancellationToken.None);
        }

        await writer.DisposeAsync(); // the owner died: never completed
        var all = OpusTestAudio.Decode(packets, 16000);
        var from = 16000L; // the last final ended 1 s in
        var (pcm, start) = LiveTranscription.Grains.Archive.Ogg.OpusTail.Decode(Path.Combine(_root, writer.Key), 16000, from, all.Length, TimeSpan.FromSeconds(8));

        var tail = System.Runtime.InteropServices.MemoryMarshal.Cast<byte, short>(pcm.Span);
        Assert.Equal(from, start);
        Assert.Equal(all.Length - from, tail.Length);
        Assert.True(OpusTestAudio.Snr(all.AsSpan((int)from), tail) > 20, "primed: the tail decodes as in one pass");
    }

    [Fact]
    public async Task TheFile_IsPlayable_BeforeCompletion()
    {
        var packets = OpusTestAudio.Encode(TestAudio.Tone(16000, TimeSpan.FromSeconds(2.5)), 16000);
        var archive = Archive(ArchiveFormat.Wav);
        await using var writer = await archive.CreateAsync(Request(AudioEncodings.Opus, 16000), CancellationToken.None);
        using var input = new LiveTranscription.Grains.Audio.Opus.OpusInput(16000, new LiveTranscription.Grains.Audio.AudioLimits());
        foreach (var chunk in OpusTestAudio.Chunks(packets, 5))
        {
            input.Inspect(chunk, out var inspected);
            await writer.AppendAsync(inspected, CancellationToken.None);
        }

        // No CompleteAsync: as if the process died. Every appended packet is in a page on disk.
        var decoded = Decode(Path.Combine(_root, writer.Key));

        Assert.InRange(decoded.Length / 16000.0, 2.5 - 0.02, 2.5);
    }

    [Theory]
    [InlineData(AudioEncodings.Pcm16, true)]
    [InlineData(AudioEncodings.Opus, true)]
    [InlineData(AudioEncodings.Opus, false)] // a failed start disposes the writer without completing it
    public async Task AnArchiveWithoutAudio_StillOpensInPlayers(string encoding, bool complete)
    {
        var archive = Archive(ArchiveFormat.OggOpus);
        var writer = await archive.CreateAsync(Request(encoding, 48000), CancellationToken.None);

        if (complete)
        {
            Assert.Equal(TimeSpan.Zero, (await writer.CompleteAsync(CancellationToken.None)).Duration);
        }

        await writer.DisposeAsync();
        var path = Path.Combine(_root, writer.Key);
        Run("opusinfo", path);
        Assert.Empty(Decode(path));
    }

    [Fact]
    public void OversizedPackets_AreRefusedBeforeTheyReachTheArchive()
    {
        var huge = new byte[OpusChunk.MaxPacketBytes + 1];
        huge[0] = 0x4B; // code 3 ...
        huge[1] = 0x42; // ... 2 frames of 10 ms with padding: valid for libopus' parser

        var error = OpusChunk.Parse(OpusChunk.Frame([huge]), 16000, new LiveTranscription.Grains.Audio.AudioLimits(), []);

        Assert.Contains("a 20 ms packet is at most 10240", error);
    }

    private FileAudioArchive Archive(ArchiveFormat pcmFormat)
        => new(Options.Create(new StorageOptions { DataDirectory = _root }), Options.Create(new ArchiveOptions { PcmFormat = pcmFormat }));

    private static ArchiveRequest Request(string encoding, int rate) => new(SessionIds.New(), "user-1", Start, rate, encoding, 1);

    /// <summary>Decodes with opusdec (opus-tools) to 16 kHz PCM.</summary>
    private short[] Decode(string path)
    {
        var wav = Path.Combine(_root, Guid.NewGuid() + ".wav");
        Run("opusdec", "--quiet", "--rate", "16000", path, wav);
        if (new FileInfo(wav).Length <= 44)
        {
            return [];
        }

        return [.. LiveTranscription.Grains.Audio.Pcm16.AsSamples(TestAudio.DataChunk(File.ReadAllBytes(wav)))];
    }

    private static string Run(string tool, params string[] args)
    {
        var (code, output) = ExternalTool.Run(tool, "opus-tools", args);
        Assert.True(code == 0 && !output.Contains("WARNING", StringComparison.Ordinal) && !output.Contains("ERROR", StringComparison.Ordinal),
            $"{tool} {string.Join(' ', args)} exited {code}:\n{output}");
        return output;
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);
}
