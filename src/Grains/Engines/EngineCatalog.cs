using Microsoft.Extensions.Options;

namespace LiveTranscription.Grains.Engines;

/// <summary>The engines registered in this silo, by name.</summary>
public sealed class EngineCatalog(IEnumerable<ISpeechEngine> engines, IOptions<EngineOptions> options)
{
    private readonly Dictionary<string, ISpeechEngine> _engines = engines.ToDictionary(e => e.Name, StringComparer.OrdinalIgnoreCase);

    public IReadOnlyCollection<string> Names => _engines.Keys;

    public string DefaultName => options.Value.Default;

    /// <summary>The engine called <paramref name="name"/> (default when null); null when unknown.</summary>
    public ISpeechEngine? Find(string? name) => _engines.GetValueOrDefault(name ?? options.Value.Default);
}
