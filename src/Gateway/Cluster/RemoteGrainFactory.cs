using LiveTranscription.Grains.Abstractions.Sessions;
using LiveTranscription.Runtime.Grains;

namespace LiveTranscription.Gateway.Cluster;

/// <summary>Grain references in cluster mode: session grains on the silos, through this gateway's links.</summary>
internal sealed class RemoteGrainFactory(SiloLinks links) : IGrainFactory
{
    public TGrain GetGrain<TGrain>(string key) where TGrain : class
        => typeof(TGrain) == typeof(ISessionGrain)
            ? (TGrain)(object)new RemoteSessionGrain(links, key)
            : throw new NotSupportedException($"Only session grains are reachable from a gateway, not {typeof(TGrain).Name}.");
}
