using LiveTranscription.Grains.Abstractions.Sessions;

namespace LiveTranscription.Grains.Sessions;

/// <summary>
/// A session's listeners and their languages, and the rule for pushing status to the speaker at once:
/// the count moved by more than 10 % since the last report, or a new language appeared.
/// </summary>
public sealed class ListenerRegistry
{
    private readonly Dictionary<(string Gateway, string Connection), string> _listeners = [];
    private readonly HashSet<string> _reportedLanguages = new(StringComparer.OrdinalIgnoreCase);
    private int _reportedCount;

    public int Count => _listeners.Count;

    public bool Add(ClientRef listener, string languageCode)
    {
        var key = (listener.GatewayId, listener.ConnectionId);
        var added = !_listeners.ContainsKey(key);
        _listeners[key] = languageCode;
        return added;
    }

    public bool Remove(ClientRef client) => _listeners.Remove((client.GatewayId, client.ConnectionId));

    public bool Contains(ClientRef client) => _listeners.ContainsKey((client.GatewayId, client.ConnectionId));

    public IReadOnlyDictionary<string, int> ByLanguage()
        => _listeners.Values.GroupBy(l => l, StringComparer.OrdinalIgnoreCase).ToDictionary(g => g.Key, g => g.Count(), StringComparer.OrdinalIgnoreCase);

    /// <summary>Whether the change since the last report warrants an immediate status.</summary>
    public bool HasSignificantChange()
    {
        if (Math.Abs(Count - _reportedCount) > 0.1 * _reportedCount)
        {
            return true;
        }

        return _listeners.Values.Any(l => !_reportedLanguages.Contains(l));
    }

    /// <summary>Remembers what the speaker was last told.</summary>
    public void MarkReported()
    {
        _reportedCount = Count;
        _reportedLanguages.UnionWith(_listeners.Values);
    }
}
