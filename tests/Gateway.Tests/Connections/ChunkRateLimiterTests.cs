using LiveTranscription.Gateway.Connections;
using LiveTranscription.TestKit;

namespace LiveTranscription.Gateway.Tests.Connections;

public sealed class ChunkRateLimiterTests
{
    [Fact]
    public void ABurstIsAllowed_ThenTheSustainedRateIsEnforced()
    {
        var time = new ManualTimeProvider();
        var limiter = new ChunkRateLimiter(rate: 50, burst: 100, time);

        Assert.All(Enumerable.Range(0, 100), i => Assert.True(limiter.TryTake(out _)));
        Assert.False(limiter.TryTake(out var retryAfter));
        Assert.Equal(20, retryAfter.TotalMilliseconds, 1);

        // One second at 60 chunks/s: only 50 pass.
        var passed = 0;
        for (var i = 0; i < 60; i++)
        {
            time.Advance(TimeSpan.FromSeconds(1.0 / 60));
            passed += limiter.TryTake(out _) ? 1 : 0;
        }

        Assert.InRange(passed, 49, 51);
    }

    [Fact]
    public void AtTheSustainedRate_NothingIsRefused()
    {
        var time = new ManualTimeProvider();
        var limiter = new ChunkRateLimiter(rate: 50, burst: 1, time);
        for (var i = 0; i < 500; i++)
        {
            time.Advance(TimeSpan.FromMilliseconds(20));
            Assert.True(limiter.TryTake(out _));
        }
    }
}
