using LiveTranscription.Gateway.Api;
using LiveTranscription.Grains.Records;

namespace LiveTranscription.Gateway.Tests.Api;

public sealed class CaptionFormatsTests
{
    private static readonly TranscriptSegment[] Segments =
    [
        new(0, "Blood pressure <high> & rising", 0.5, 2.25, 0.9, DateTimeOffset.UnixEpoch),
        new(1, "see you in two weeks", 3661.0015, 3663.5, 0.8, DateTimeOffset.UnixEpoch),
    ];

    [Fact]
    public void WebVtt_HasOneCuePerFinal_WithEscapedText()
        => Assert.Equal(
            "WEBVTT\n\n1\n00:00:00.500 --> 00:00:02.250\nBlood pressure &lt;high&gt; &amp; rising\n\n2\n01:01:01.002 --> 01:01:03.500\nsee you in two weeks\n\n",
            CaptionFormats.WebVtt(Segments));

    [Fact]
    public void Srt_UsesCommasForMilliseconds()
        => Assert.Equal(
            "1\n00:00:00,500 --> 00:00:02,250\nBlood pressure <high> & rising\n\n2\n01:01:01,002 --> 01:01:03,500\nsee you in two weeks\n\n",
            CaptionFormats.Srt(Segments));

    [Fact]
    public void AnEmptyTranscript_IsAValidEmptyFile()
    {
        Assert.Equal("WEBVTT\n\n", CaptionFormats.WebVtt([]));
        Assert.Equal(string.Empty, CaptionFormats.Srt([]));
    }
}
