using LiveTranscription.Gateway.Connections;
using LiveTranscription.Gateway.Fanout;
using LiveTranscription.Grains.Abstractions.Sessions;
using LiveTranscription.TestKit;
using Microsoft.Extensions.Logging.Abstractions;

namespace LiveTranscription.Gateway.Tests.Fanout;

public sealed class SessionFanoutTests
{
    private readonly RecordingHubContext _hub = new();
    private readonly SessionFanout _fanout = new("s1", "gw/1");

    private ClientConnection Connection(string id, int capacity = 64, Action? onOverflow = null) => new(
        new ClientRef("gw", id, "u"),
        new ClientOutbox(id, capacity, _hub, NullLogger.Instance, onOverflow ?? (() => { })),
        new ChunkRateLimiter(50, 100, new ManualTimeProvider()),
        new ChunkRateLimiter(20, 40, new ManualTimeProvider()));

    private static SessionNotification N(long seq, string text, Audience audience = Audience.Everyone, string? target = null)
        => new(seq, audience, target is null ? null : new ClientRef("gw", target, "u"), "transcript", text);

    private async Task<List<object?>> ReceivedAsync(ClientConnection c, int expected)
    {
        var deadline = DateTime.UtcNow.AddSeconds(5);
        while (_hub.SentTo(c.ConnectionId).Count < expected && DateTime.UtcNow < deadline)
        {
            await Task.Delay(5);
        }

        await Task.Delay(50); // and nothing more arrives
        return [.. _hub.SentTo(c.ConnectionId).Select(x => x.Payload)];
    }

    [Fact]
    public async Task ALateJoiner_GetsOnlyWhatItsAckDidNotCover_InOrder()
    {
        var speaker = Connection("speaker");
        _fanout.TryAddPending(speaker);
        _fanout.Activate("speaker", 0);
        _fanout.OnNotification("s1", N(1, "a"));

        var listener = Connection("listener");
        _fanout.TryAddPending(listener);                // joined; its JoinAck is being computed
        _fanout.OnNotification("s1", N(2, "b"));        // covered by the ack (watermark 2)
        _fanout.OnNotification("s1", N(3, "c"));        // after the ack
        _fanout.Activate("listener", 2);
        _fanout.OnNotification("s1", N(4, "d"));
        _fanout.OnNotification("s1", N(4, "d"));        // a repeat is never delivered twice

        Assert.Equal(["c", "d"], await ReceivedAsync(listener, 2));
        Assert.Equal(["a", "b", "c", "d"], await ReceivedAsync(speaker, 4));
    }

    [Fact]
    public async Task SpeakerNotifications_GoOnlyToTheSpeaker()
    {
        var speaker = Connection("speaker");
        var listener = Connection("listener");
        foreach (var c in new[] { speaker, listener })
        {
            _fanout.TryAddPending(c);
            _fanout.Activate(c.ConnectionId, 0);
        }

        _fanout.OnNotification("s1", N(1, "status", Audience.Speaker, "speaker"));
        _fanout.OnNotification("s1", N(2, "everyone"));

        Assert.Equal(["status", "everyone"], await ReceivedAsync(speaker, 2));
        Assert.Equal(["everyone"], await ReceivedAsync(listener, 1));
    }

    [Fact]
    public void TheLastMemberOut_ClosesTheFanout_SoANewOneIsMade()
    {
        var c = Connection("c");
        Assert.True(_fanout.TryAddPending(c));
        Assert.True(_fanout.RemoveAndCloseIfEmpty("c"));
        Assert.False(_fanout.TryAddPending(c));
    }

    [Fact]
    public async Task AClientThatCannotKeepUp_IsDisconnected_InsteadOfBufferingWithoutBound()
    {
        var stuck = new TaskCompletionSource();
        _hub.BeforeSend = () => stuck.Task;
        var aborted = new TaskCompletionSource();
        var slow = Connection("slow", capacity: 16, onOverflow: () => aborted.TrySetResult());
        _fanout.TryAddPending(slow);
        _fanout.Activate("slow", 0);

        for (var i = 1; i <= 40; i++)
        {
            _fanout.OnNotification("s1", N(i, "x"));
        }

        await aborted.Task.WaitAsync(TimeSpan.FromSeconds(5));
        stuck.SetResult();
    }
}
