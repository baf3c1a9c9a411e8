using System.Globalization;
using System.Text;
using LiveTranscription.Grains.Records;

namespace LiveTranscription.Gateway.Api;

/// <summary>Transcripts as caption files: WebVTT (W3C) and SubRip, one cue per final with its times.</summary>
internal static class CaptionFormats
{
    public static string WebVtt(IReadOnlyList<TranscriptSegment> segments)
    {
        var sb = new StringBuilder("WEBVTT\n\n");
        for (var i = 0; i < segments.Count; i++)
        {
            var s = segments[i];
            sb.Append(CultureInfo.InvariantCulture, $"{i + 1}\n{Time(s.StartTime, '.')} --> {Time(Math.Max(s.EndTime, s.StartTime), '.')}\n");
            // Cue text may not contain "-->" and must escape the characters that start markup.
            sb.Append(s.Text.Replace("&", "&amp;", StringComparison.Ordinal).Replace("<", "&lt;", StringComparison.Ordinal)
                .Replace(">", "&gt;", StringComparison.Ordinal)).Append("\n\n");
        }

        return sb.ToString();
    }

    public static string Srt(IReadOnlyList<TranscriptSegment> segments)
    {
        var sb = new StringBuilder();
        for (var i = 0; i < segments.Count; i++)
        {
            var s = segments[i];
            sb.Append(CultureInfo.InvariantCulture, $"{i + 1}\n{Time(s.StartTime, ',')} --> {Time(Math.Max(s.EndTime, s.StartTime), ',')}\n");
            sb.Append(s.Text.Replace("\n", " ", StringComparison.Ordinal)).Append("\n\n");
        }

        return sb.ToString();
    }

    /// <summary>hh:mm:ss.mmm (VTT) or hh:mm:ss,mmm (SRT).</summary>
    private static string Time(double seconds, char separator)
    {
        var t = TimeSpan.FromMilliseconds(Math.Round(Math.Max(0, seconds) * 1000));
        return string.Create(CultureInfo.InvariantCulture, $"{(int)t.TotalHours:00}:{t.Minutes:00}:{t.Seconds:00}{separator}{t.Milliseconds:000}");
    }
}
