using LiveTranscription.Grains.Abstractions.Protocol;
using LiveTranscription.Grains.Engines;

namespace LiveTranscription.Grains.Transcript;

/// <summary>
/// Turns engine results into the session's transcript: finals are immutable and numbered 0, 1, 2, …;
/// the open segment's partial carries the id the next final will get. Engines report one utterance
/// at a time; a partial from a new utterance replaces an unfinished one. An empty final (noise) clears
/// the partial and its id is reused. Engine times are shifted by the stream's offset in the session.
/// </summary>
public sealed class TranscriptAssembler(string sessionId)
{
    private readonly List<TranscriptEvent> _finals = [];
    private TranscriptEvent? _partial;

    public IReadOnlyList<TranscriptEvent> Finals => _finals;

    public TranscriptEvent? Partial => _partial;

    public int WordCount { get; private set; }

    /// <summary>Id of the segment currently open (the next final's id).</summary>
    public long NextSegmentId => _finals.Count;

    /// <summary>Applies one engine result; returns the event to publish, or null when nothing changed.</summary>
    public TranscriptEvent? Apply(EngineResult result, TimeSpan streamOffset, DateTimeOffset now)
    {
        var text = result.Text.Trim();
        if (text.Length == 0)
        {
            return ClearPartial(now);
        }

        var evt = new TranscriptEvent
        {
            SessionId = sessionId,
            SegmentId = NextSegmentId,
            IsPartial = !result.IsFinal,
            Text = text,
            StartTime = Seconds(result.Start + streamOffset),
            EndTime = Seconds(result.End + streamOffset),
            Confidence = Math.Round(result.Confidence, 3),
            Timestamp = now,
            Speaker = result.Speaker,
        };

        if (!result.IsFinal)
        {
            if (_partial is not null && _partial.Text == evt.Text)
            {
                return null;
            }

            _partial = evt;
            return evt;
        }

        Append(evt);
        return evt;
    }

    /// <summary>Makes a leftover partial final (the engine stopped without finishing it).</summary>
    public TranscriptEvent? PromotePartial(DateTimeOffset now)
    {
        if (_partial is null)
        {
            return null;
        }

        var final = _partial with { IsPartial = false, Timestamp = now };
        Append(final);
        return final;
    }

    /// <summary>Loads finals kept from earlier (a restarted activation).</summary>
    public void Restore(IEnumerable<TranscriptEvent> finals)
    {
        foreach (var f in finals.OrderBy(f => f.SegmentId))
        {
            if (f.SegmentId == NextSegmentId)
            {
                Append(f);
            }
        }
    }

    /// <summary>Number of words in <paramref name="text"/>.</summary>
    public static int CountWords(string text)
        => text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Length;

    private void Append(TranscriptEvent final)
    {
        _finals.Add(final);
        _partial = null;
        WordCount += CountWords(final.Text);
    }

    private TranscriptEvent? ClearPartial(DateTimeOffset now)
    {
        if (_partial is null)
        {
            return null;
        }

        var cleared = _partial with { Text = string.Empty, Confidence = 0, Timestamp = now };
        _partial = null;
        return cleared;
    }

    private static double Seconds(TimeSpan t) => Math.Round(t.TotalSeconds, 3);
}
