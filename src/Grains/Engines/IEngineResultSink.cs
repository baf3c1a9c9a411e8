namespace LiveTranscription.Grains.Engines;

/// <summary>Receives an engine stream's output. Called from the engine's own thread, in order.</summary>
public interface IEngineResultSink
{
    void OnResult(EngineResult result);

    /// <summary>The stream failed and produces nothing more.</summary>
    void OnError(Exception error);
}
