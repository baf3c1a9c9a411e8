namespace LiveTranscription.Runtime.Activation;

/// <summary>Maps grain interfaces to grain type names and implementation classes.</summary>
internal sealed class GrainTypeRegistry
{
    private readonly Dictionary<Type, string> _typeNames = [];
    private readonly Dictionary<string, Type> _implementations = [];

    public void Add(Type grainInterface, Type implementation, string typeName)
    {
        _typeNames[grainInterface] = typeName;
        _implementations[typeName] = implementation;
    }

    public string TypeNameOf(Type grainInterface)
        => _typeNames.TryGetValue(grainInterface, out var name)
            ? name
            : throw new InvalidOperationException($"No grain is registered for {grainInterface.Name}; call AddGrain<{grainInterface.Name}, TGrain>().");

    public Type ImplementationOf(string typeName) => _implementations[typeName];
}
