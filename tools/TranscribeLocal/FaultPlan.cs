namespace LiveTranscription.TranscribeLocal;

/// <summary>
/// Faults for the next streams, set by tests through <c>POST /faults?type=…&amp;afterSeconds=…&amp;times=…&amp;session=…</c>:
/// an exception type Transcribe sends (<c>BadRequestException</c>, <c>LimitExceededException</c>,
/// <c>InternalFailureException</c>, <c>ServiceUnavailableException</c>, <c>ConflictException</c>) or
/// <c>drop</c> (the connection is cut without a close), after that many seconds of audio. A fault with a session id
/// is taken only by that session's streams (the <c>session-id</c> parameter), so a stream another test's session
/// opens late cannot consume it; one without applies to whichever stream opens next.
/// </summary>
public sealed class FaultPlan
{
    private readonly Lock _gate = new();
    private readonly List<Fault> _faults = [];

    public void Add(Fault fault, int times)
    {
        lock (_gate)
        {
            _faults.AddRange(Enumerable.Repeat(fault, times));
        }
    }

    public void Clear()
    {
        lock (_gate)
        {
            _faults.Clear();
        }
    }

    /// <summary>The oldest fault planned for a stream of <paramref name="sessionId"/> (or for any stream), taken.</summary>
    public Fault? Next(string sessionId)
    {
        lock (_gate)
        {
            var i = _faults.FindIndex(f => f.SessionId is null || f.SessionId == sessionId);
            if (i < 0)
            {
                return null;
            }

            var fault = _faults[i];
            _faults.RemoveAt(i);
            return fault;
        }
    }
}

public sealed record Fault(string Type, double AfterSeconds, string? SessionId = null);
