using Google.Protobuf;
using LiveTranscription.Cluster.Link;
using LiveTranscription.Grains.Abstractions.Link;
using LiveTranscription.Grains.Abstractions.Sessions;

namespace LiveTranscription.Silo.Link;

/// <summary>Maps a link <see cref="Call"/> to the <see cref="ISessionGrain"/> method it names.</summary>
internal static class LinkCalls
{
    public static async Task<ByteString?> InvokeAsync(ISessionGrain grain, LinkStream stream, Call call)
    {
        var caller = SessionLinkEndpoint.ToClient(call.Caller);
        switch (call.Method)
        {
            case LinkMethods.Start:
                return LinkJson.Encode(await grain.StartAsync(LinkJson.Decode<StartSessionCommand>(call.Json) with { Caller = caller }));
            case LinkMethods.End:
                return LinkJson.Encode(await grain.EndAsync(caller));
            case LinkMethods.Pause:
                await grain.PauseAsync(caller);
                return null;
            case LinkMethods.Resume:
                await grain.ResumeAsync(caller);
                return null;
            case LinkMethods.Join:
                return LinkJson.Encode(await grain.JoinAsync(caller, call.Json.IsEmpty ? null : LinkJson.Decode<string>(call.Json)));
            case LinkMethods.Leave:
                await grain.LeaveAsync(caller);
                return null;
            case LinkMethods.Status:
                return LinkJson.Encode(await grain.GetStatusAsync());
            case LinkMethods.Disconnected:
                await grain.ClientDisconnectedAsync(caller);
                return null;
            case LinkMethods.Subscribe:
                var subscribe = LinkJson.Decode<LinkSubscribe>(call.Json);
                await grain.SubscribeAsync(subscribe.SubscriptionId, stream, subscribe.LastFinal);
                stream.Subscribed(subscribe.SubscriptionId, active: true);
                return null;
            case LinkMethods.Unsubscribe:
                var removed = LinkJson.Decode<string>(call.Json);
                stream.Subscribed(removed, active: false);
                await grain.UnsubscribeAsync(removed);
                return null;
            default:
                throw new InvalidDataException($"Unknown link method '{call.Method}'.");
        }
    }
}
