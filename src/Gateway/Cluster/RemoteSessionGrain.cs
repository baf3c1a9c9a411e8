using Google.Protobuf;
using LiveTranscription.Cluster.Link;
using LiveTranscription.Grains.Abstractions.Link;
using LiveTranscription.Grains.Abstractions.Protocol;
using LiveTranscription.Grains.Abstractions.Sessions;
using static LiveTranscription.Gateway.Cluster.SessionLink;

namespace LiveTranscription.Gateway.Cluster;

/// <summary>
/// A session grain reached over the link (cluster mode): the same interface the gateway uses in embedded mode, so hub,
/// fan-out and error handling are one code path. Keeps the link's sticky calls in step with what holds: the
/// subscription, the speaker's start, each listener's join.
/// </summary>
internal sealed class RemoteSessionGrain(SiloLinks links, string sessionId) : ISessionGrain
{
    private SessionLink _link = links.Get(sessionId);

    public async Task<StartResult> StartAsync(StartSessionCommand command)
    {
        var call = Call(LinkMethods.Start, command.Caller, LinkJson.Encode(command));
        var result = Decode<StartResult>(await InvokeAsync(call));
        _link.SetSticky(StickyKeys.Start + command.Caller.ConnectionId, Call(LinkMethods.Start, command.Caller, LinkJson.Encode(command with { ResumeToken = result.Ack.ResumeToken })));
        return result;
    }

    public async Task<AudioAck> SendAudioAsync(ClientRef caller, long sequence, byte[] audio)
        => Decode<AudioAck>(await InvokeAsync(new Up { Audio = new Audio { Caller = Client(caller), Sequence = sequence, Data = ByteString.CopyFrom(audio) } }));

    public async Task<SessionComplete> EndAsync(ClientRef caller)
    {
        var complete = Decode<SessionComplete>(await InvokeAsync(Call(LinkMethods.End, caller)));
        _link.RemoveSticky(StickyKeys.Start + caller.ConnectionId);
        return complete;
    }

    public async Task PauseAsync(ClientRef caller) => await InvokeAsync(Call(LinkMethods.Pause, caller));

    public async Task ResumeAsync(ClientRef caller) => await InvokeAsync(Call(LinkMethods.Resume, caller));

    public async Task<JoinResult> JoinAsync(ClientRef listener, string? languageCode)
    {
        var call = Call(LinkMethods.Join, listener, languageCode is null ? ByteString.Empty : LinkJson.Encode(languageCode));
        var result = Decode<JoinResult>(await InvokeAsync(call));
        _link.SetSticky(StickyKeys.Join + listener.ConnectionId, call);
        return result;
    }

    public async Task LeaveAsync(ClientRef listener)
    {
        _link.RemoveSticky(StickyKeys.Join + listener.ConnectionId);
        await InvokeAsync(Call(LinkMethods.Leave, listener));
    }

    public async Task<SessionStatus> GetStatusAsync() => Decode<SessionStatus>(await InvokeAsync(Call(LinkMethods.Status, null)));

    public async Task ClientDisconnectedAsync(ClientRef client)
    {
        _link.RemoveSticky(StickyKeys.Start + client.ConnectionId);
        _link.RemoveSticky(StickyKeys.Join + client.ConnectionId);
        await InvokeAsync(Call(LinkMethods.Disconnected, client));
    }

    public async Task SubscribeAsync(string subscriptionId, ISessionObserver observer, long? lastFinalSeen = null)
    {
        _link.AddObserver(subscriptionId, observer);
        var call = Call(LinkMethods.Subscribe, null, LinkJson.Encode(new LinkSubscribe(subscriptionId, lastFinalSeen)));
        await InvokeAsync(call);
        _link.AddObserver(subscriptionId, observer); // again, in case the call went through a replacement link
        _link.SetSticky(StickyKeys.Subscribe + subscriptionId, call); // replayed with the last final seen (SessionLink)
    }

    public async Task UnsubscribeAsync(string subscriptionId)
    {
        _link.RemoveObserver(subscriptionId);
        _link.RemoveSticky(StickyKeys.Subscribe + subscriptionId);
        await InvokeAsync(Call(LinkMethods.Unsubscribe, null, LinkJson.Encode(subscriptionId)));
    }

    /// <summary>The link closes when idle; a call that found it closing goes through its replacement.</summary>
    private async Task<Reply> InvokeAsync(Up message)
    {
        try
        {
            return await _link.InvokeAsync(message);
        }
        catch (ObjectDisposedException)
        {
            _link = links.Get(sessionId);
            return await _link.InvokeAsync(message);
        }
    }

    private static Up Call(string method, ClientRef? caller, ByteString? json = null) => new()
    {
        Call = new Call { Method = method, Caller = Client(caller ?? new ClientRef(string.Empty, string.Empty, string.Empty)), Json = json ?? ByteString.Empty },
    };

    private static Client Client(ClientRef c) => new() { GatewayId = c.GatewayId, ConnectionId = c.ConnectionId, UserId = c.UserId };

    private static T Decode<T>(Reply reply) => LinkJson.Decode<T>(reply.Json);
}
