namespace LiveTranscription.Runtime.Grains;

/// <summary>Gets references to grains. A reference is cheap; the activation is created on first call.</summary>
public interface IGrainFactory
{
    /// <summary>A reference to the grain of interface <typeparamref name="TGrain"/> with this key.</summary>
    TGrain GetGrain<TGrain>(string key) where TGrain : class;
}
