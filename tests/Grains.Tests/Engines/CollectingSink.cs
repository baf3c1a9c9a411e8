using System.Collections.Concurrent;
using LiveTranscription.Grains.Engines;

namespace LiveTranscription.Grains.Tests.Engines;

internal sealed class CollectingSink : IEngineResultSink
{
    public ConcurrentQueue<EngineResult> Results { get; } = new();

    public ConcurrentQueue<Exception> Errors { get; } = new();

    public void OnResult(EngineResult result) => Results.Enqueue(result);

    public void OnError(Exception error) => Errors.Enqueue(error);

    public List<EngineResult> Finals => [.. Results.Where(r => r.IsFinal)];
}
