using LiveTranscription.Grains.Abstractions.Protocol;
using LiveTranscription.Grains.Abstractions.Sessions;
using LiveTranscription.Grains.Tests.Audio.Opus;
using LiveTranscription.TestKit;

namespace LiveTranscription.Grains.Tests.Sessions;

/// <summary>Opus sessions follow every PCM rule: sequences, acks, replays, refusals that lose nothing.</summary>
public sealed class SessionOpusTests
{
    private static readonly TimeSpan Wait = SessionHarness.Wait;
    private static readonly List<byte[]> Packets = OpusTestAudio.Encode(TestAudio.Tone(16000, TimeSpan.FromSeconds(3)), 16000);

    [Fact]
    public async Task AnOpusSession_IsTranscribedAndArchivedAsOggOpus_AndBadChunksLoseNothing()
    {
        await using var h = new SessionHarness();
        var s = await h.StartAsync(encoding: AudioEncodings.Opus);
        var chunks = OpusTestAudio.Chunks(Packets, 5); // 30 chunks of 100 ms
        await s.SendChunksAsync(chunks.Take(10)); // sequences 0..9

        var truncated = await s.ErrorOfAsync(() => s.Grain.SendAudioAsync(s.Speaker, 10, chunks[10][..^3]));
        var garbage = await s.ErrorOfAsync(() => s.Grain.SendAudioAsync(s.Speaker, 10, [0x00, 0x04, 0xFF, 0xFF, 0xFF, 0xFF]));
        var pcmInstead = await s.ErrorOfAsync(() => s.Grain.SendAudioAsync(s.Speaker, 10, TestAudio.Tone(16000, SessionHarness.Chunk)));
        var replay = await s.Grain.SendAudioAsync(s.Speaker, 3, chunks[3]).WaitAsync(Wait);
        var last = await s.SendChunksAsync(chunks.Skip(10));
        var complete = await s.Grain.EndAsync(s.Speaker).WaitAsync(Wait);

        Assert.All([truncated, garbage, pcmInstead], e =>
        {
            Assert.Equal(ErrorCode.InvalidAudioFormat, e.Code);
            Assert.True(e.Recoverable);
            Assert.Equal(10, e.ExpectedSequence);
        });
        Assert.Contains("truncated", truncated.Message);
        Assert.Contains("malformed", garbage.Message);
        Assert.Equal(9, replay.Sequence);
        Assert.Equal(29, last.Sequence);
        Assert.Equal(SessionState.Completed, complete.State);
        Assert.Equal(3.0, complete.TotalDuration, 3);
        Assert.NotEmpty(s.Finals); // the synthetic engine heard the decoded audio
        Assert.EndsWith(".opus", complete.AudioKey);
        Assert.InRange(OpusDecodedSeconds(Path.Combine(h.DataDirectory, complete.AudioKey!)), 3.0 - 0.02, 3.0);
    }

    [Fact]
    public async Task PacketsCodedAbove16kHz_InA16kHzSession_AreRefused_AndTheSessionCarriesOn()
    {
        await using var h = new SessionHarness();
        var s = await h.StartAsync(encoding: AudioEncodings.Opus);
        var fullband = OpusTestAudio.Chunks(OpusTestAudio.Encode(TestAudio.Tone(48000, TimeSpan.FromSeconds(0.1)), 48000, bitrate: 32000), 5)[0];

        var error = await s.ErrorOfAsync(() => s.Grain.SendAudioAsync(s.Speaker, 0, fullband));
        var ack = await s.SendChunksAsync(OpusTestAudio.Chunks(Packets, 5).Take(2));

        Assert.Equal(ErrorCode.InvalidAudioFormat, error.Code);
        Assert.Contains("declared 16000 Hz", error.Message);
        Assert.Equal(1, ack.Sequence);
    }

    [Fact]
    public async Task Opus_At8kHz_IsRefusedAtStart()
    {
        await using var h = new SessionHarness();

        var error = await Assert.ThrowsAsync<SessionException>(() => h.StartAsync(quality: "low", encoding: AudioEncodings.Opus));

        Assert.Equal(ErrorCode.InvalidAudioFormat, error.Code);
        Assert.Contains("16 kHz", error.Message);
    }

    [Fact]
    public async Task PcmSessions_CanBeArchivedAsOggOpus()
    {
        await using var h = new SessionHarness(new() { ["Archive:PcmFormat"] = "OggOpus" });
        var s = await h.StartAsync(quality: "high");
        await s.SendToneAsync(1.25);

        var complete = await s.Grain.EndAsync(s.Speaker).WaitAsync(Wait);

        Assert.EndsWith(".opus", complete.AudioKey);
        Assert.Equal(1.25, OpusDecodedSeconds(Path.Combine(h.DataDirectory, complete.AudioKey!)), 3);
    }

    /// <summary>Duration of an Ogg Opus file as opusdec decodes it.</summary>
    private static double OpusDecodedSeconds(string path)
    {
        var wav = path + ".wav";
        var (code, output) = ExternalTool.Run("opusdec", "opus-tools", ["--quiet", "--rate", "48000", path, wav]);
        Assert.True(code == 0, output);
        return TestAudio.DataChunk(File.ReadAllBytes(wav)).Length / 2 / 48000.0;
    }
}
