using System.Collections.Concurrent;

namespace LiveTranscription.Silo.Link;

/// <summary>The open link streams of this silo, by session (a drain moves each session's streams once it let go).</summary>
internal sealed class LinkStreams
{
    private readonly ConcurrentDictionary<string, LinkStream> _streams = new();

    /// <summary>While false (draining), new streams are told to move at once.</summary>
    public bool Accepting { get; set; } = true;

    public void Add(LinkStream stream) => _streams[stream.Id] = stream;

    public void Remove(LinkStream stream) => _streams.TryRemove(stream.Id, out _);

    public void Move(string sessionId, string reason)
    {
        foreach (var s in _streams.Values.Where(s => s.SessionId == sessionId))
        {
            s.Move(reason);
        }
    }

    public void MoveAll(string reason)
    {
        foreach (var s in _streams.Values)
        {
            s.Move(reason);
        }
    }
}
