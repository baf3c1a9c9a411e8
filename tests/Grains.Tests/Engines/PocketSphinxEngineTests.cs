using LiveTranscription.Grains.Audio;
using LiveTranscription.Grains.Engines;
using LiveTranscription.Grains.Engines.PocketSphinx;
using LiveTranscription.TestKit;
using Microsoft.Extensions.Options;

namespace LiveTranscription.Grains.Tests.Engines;

/// <summary>The offline engine against Debian's PocketSphinx and flite speech (both installed by the test command).</summary>
public sealed class PocketSphinxEngineTests
{
    private const string Sentence = "The patient is a fifty two year old man with a history of high blood pressure.";

    [Fact]
    public async Task Speech_BecomesPartialsThenAFinal_WithinTheWerBound()
    {
        var engine = new PocketSphinxEngine(Options.Create(new PocketSphinxOptions()), Options.Create(new EngineOptions()));
        var sink = new CollectingSink();
        var speech = TestAudio.Speech(Sentence);

        await using (var stream = await engine.StartStreamAsync(new EngineStreamOptions("s", "en-US", 16000), sink, CancellationToken.None))
        {
            foreach (var chunk in TestAudio.Chunks([.. speech, .. TestAudio.Silence(16000, TimeSpan.FromSeconds(1))], 16000, TimeSpan.FromMilliseconds(100)))
            {
                while (!stream.TryWrite(Pcm16.AsSamples(chunk)))
                {
                    await Task.Delay(10, TestContext.Current.CancellationToken);
                }
            }

            await stream.FlushAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);
        }

        Assert.Empty(sink.Errors);
        Assert.Contains(sink.Results, r => !r.IsFinal && r.Text.Length > 0);
        var finals = sink.Finals.Where(f => f.Text.Length > 0).ToList();
        var text = string.Join(' ', finals.Select(f => f.Text));
        Assert.True(Wer.Compute(Sentence, text) <= 0.35, $"WER {Wer.Compute(Sentence, text):P0}: '{text}'");
        Assert.All(finals, f => Assert.True(f.Start < f.End && f.Confidence is > 0 and <= 1));
        Assert.Equal(finals.Select(f => f.Start).Order(), finals.Select(f => f.Start));
    }

    [Fact]
    public async Task EndUtterance_MakesWhatWasSaidFinal_WithoutEndingTheStream()
    {
        var engine = new PocketSphinxEngine(Options.Create(new PocketSphinxOptions()), Options.Create(new EngineOptions()));
        var sink = new CollectingSink();
        await using var stream = await engine.StartStreamAsync(new EngineStreamOptions("s", "en-US", 16000), sink, CancellationToken.None);

        stream.TryWrite(Pcm16.AsSamples(TestAudio.Speech("Hello world.")));
        stream.EndUtterance();
        await stream.FlushAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);

        Assert.Contains(sink.Finals, f => f.Text.Length > 0);
        Assert.True(stream.TryWrite(new short[1600])); // still open
    }

    [Fact]
    public void AMissingModel_FailsValidation_NamingTheDebianPackage()
    {
        var result = new PocketSphinxOptionsValidator().Validate(null, new PocketSphinxOptions { ModelDirectory = "/nonexistent/model" });
        Assert.True(result.Failed);
        Assert.Contains("pocketsphinx-en-us", result.FailureMessage);
    }
}
