using LiveTranscription.Runtime.Grains;

namespace LiveTranscription.Runtime.Activation;

/// <summary>Grain references backed by this silo's activations.</summary>
internal sealed class GrainFactory(GrainInvoker invoker, GrainTypeRegistry types) : IGrainFactory
{
    public TGrain GetGrain<TGrain>(string key) where TGrain : class
        => GrainProxy.Create<TGrain>(invoker, new GrainId(types.TypeNameOf(typeof(TGrain)), key));
}
