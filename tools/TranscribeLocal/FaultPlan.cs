using System.Collections.Concurrent;

namespace LiveTranscription.TranscribeLocal;

/// <summary>
/// Faults for the next streams, set by tests through <c>POST /faults?type=…&amp;afterSeconds=…&amp;times=…</c>:
/// an exception type Transcribe sends (<c>BadRequestException</c>, <c>LimitExceededException</c>,
/// <c>InternalFailureException</c>, <c>ServiceUnavailableException</c>, <c>ConflictException</c>) or
/// <c>drop</c> (the connection is cut without a close), after that many seconds of audio.
/// </summary>
public sealed class FaultPlan
{
    private readonly ConcurrentQueue<Fault> _faults = new();

    public void Add(Fault fault, int times)
    {
        for (var i = 0; i < times; i++)
        {
            _faults.Enqueue(fault);
        }
    }

    public void Clear() => _faults.Clear();

    public Fault? Next() => _faults.TryDequeue(out var fault) ? fault : null;
}

public sealed record Fault(string Type, double AfterSeconds);
