using LiveTranscription.Grains.Audio;
using LiveTranscription.Grains.Engines;
using LiveTranscription.Grains.Engines.Synthetic;
using LiveTranscription.TestKit;
using Microsoft.Extensions.Options;

namespace LiveTranscription.Grains.Tests.Engines;

public sealed class SyntheticEngineTests
{
    private static async Task<List<EngineResult>> RunAsync(byte[] pcm)
    {
        var engine = new SyntheticEngine(Options.Create(new SyntheticEngineOptions { Enabled = true }), Options.Create(new EngineOptions()));
        var sink = new CollectingSink();
        await using var stream = await engine.StartStreamAsync(new EngineStreamOptions("s", "xx", 16000), sink, CancellationToken.None);
        foreach (var chunk in TestAudio.Chunks(pcm, 16000, TimeSpan.FromMilliseconds(100)))
        {
            stream.TryWrite(Pcm16.AsSamples(chunk));
        }

        await stream.FlushAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10));
        return [.. sink.Results];
    }

    [Fact]
    public async Task TheSameAudio_GivesTheSameWords_AndDifferentAudioDifferentOnes()
    {
        var a = TestAudio.Tone(16000, TimeSpan.FromSeconds(4), seed: 1);
        var b = TestAudio.Tone(16000, TimeSpan.FromSeconds(4), seed: 2);

        var first = await RunAsync(a);
        var again = await RunAsync(a);
        var other = await RunAsync(b);

        Assert.Equal(first, again);
        var finals = first.Where(r => r.IsFinal).ToList();
        Assert.Equal(2, finals.Count); // 4 s = two utterances of four 0.5 s words
        Assert.All(finals, f => Assert.Equal(4, f.Text.Split(' ').Length));
        Assert.NotEqual(finals[0].Text, other.First(r => r.IsFinal).Text);
        Assert.Equal(TimeSpan.FromSeconds(2), finals[1].Start);
    }

    [Fact]
    public async Task Silence_GivesNoWords()
        => Assert.Empty(await RunAsync(TestAudio.Silence(16000, TimeSpan.FromSeconds(3))));
}
