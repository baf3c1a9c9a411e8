using LiveTranscription.Grains.Engines;
using LiveTranscription.Grains.Transcript;

namespace LiveTranscription.Grains.Tests.Transcript;

public sealed class TranscriptAssemblerTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 20, 9, 0, 0, TimeSpan.Zero);
    private readonly TranscriptAssembler _t = new("s1");

    private static EngineResult Partial(string key, string text, double start = 0, double end = 1) => new(key, false, text, TimeSpan.FromSeconds(start), TimeSpan.FromSeconds(end), 0);

    private static EngineResult Final(string key, string text, double start = 0, double end = 1) => new(key, true, text, TimeSpan.FromSeconds(start), TimeSpan.FromSeconds(end), 0.9);

    [Fact]
    public void Partials_ReplaceInPlace_AndAFinalClosesTheSegment()
    {
        var p1 = _t.Apply(Partial("u0", "the"), TimeSpan.Zero, Now)!;
        var p2 = _t.Apply(Partial("u0", "the patient"), TimeSpan.Zero, Now)!;
        var f = _t.Apply(Final("u0", "the patient is"), TimeSpan.Zero, Now)!;
        var next = _t.Apply(Partial("u1", "he"), TimeSpan.Zero, Now)!;

        Assert.Equal([0L, 0L, 0L, 1L], [p1.SegmentId, p2.SegmentId, f.SegmentId, next.SegmentId]);
        Assert.True(p1.IsPartial && p2.IsPartial && !f.IsPartial);
        Assert.Equal("the patient is", Assert.Single(_t.Finals).Text);
        Assert.Equal(3, _t.WordCount);
    }

    [Fact]
    public void AnUnchangedPartial_IsNotRepeated()
    {
        _t.Apply(Partial("u0", "the"), TimeSpan.Zero, Now);
        Assert.Null(_t.Apply(Partial("u0", "the"), TimeSpan.Zero, Now));
    }

    [Fact]
    public void AnEmptyFinal_ClearsThePartial_AndItsIdIsReused()
    {
        _t.Apply(Partial("u0", "uh"), TimeSpan.Zero, Now);
        var cleared = _t.Apply(Final("u0", "  "), TimeSpan.Zero, Now)!;
        var next = _t.Apply(Final("u1", "hello"), TimeSpan.Zero, Now)!;

        Assert.True(cleared.IsPartial);
        Assert.Equal(string.Empty, cleared.Text);
        Assert.Equal(0, next.SegmentId);
        Assert.Null(_t.Apply(Final("u2", ""), TimeSpan.Zero, Now)); // nothing to clear
    }

    [Fact]
    public void Times_AreShiftedByTheStreamOffset()
    {
        var f = _t.Apply(Final("u0", "hi", 1.25, 2.5), TimeSpan.FromSeconds(10), Now)!;
        Assert.Equal(11.25, f.StartTime);
        Assert.Equal(12.5, f.EndTime);
    }

    [Fact]
    public void ALeftoverPartial_CanBePromotedToFinal()
    {
        _t.Apply(Partial("u0", "last words"), TimeSpan.Zero, Now);
        var promoted = _t.PromotePartial(Now)!;
        Assert.False(promoted.IsPartial);
        Assert.Null(_t.Partial);
        Assert.Null(_t.PromotePartial(Now));
        Assert.Equal(2, _t.WordCount);
    }

    [Fact]
    public void RestoredFinals_ContinueTheNumbering()
    {
        var source = new TranscriptAssembler("s1");
        source.Apply(Final("a", "one"), TimeSpan.Zero, Now);
        source.Apply(Final("b", "two words"), TimeSpan.Zero, Now);

        _t.Restore(source.Finals.Reverse());

        Assert.Equal(2, _t.NextSegmentId);
        Assert.Equal(3, _t.WordCount);
        Assert.Equal(2, _t.Apply(Final("c", "three"), TimeSpan.Zero, Now)!.SegmentId);
    }
}
