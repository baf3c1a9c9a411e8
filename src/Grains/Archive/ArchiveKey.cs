using System.Globalization;
using System.Text;

namespace LiveTranscription.Grains.Archive;

/// <summary>Archive keys: <c>audio/{userId}/{yyyyMMdd_HHmmss}_{uuid}.{ext}</c>, with the user id made safe.</summary>
public static class ArchiveKey
{
    public static string Create(string userId, DateTimeOffset startedAt, Guid id, string extension)
        => $"audio/{SafeSegment(userId)}/{startedAt.UtcDateTime.ToString("yyyyMMdd_HHmmss", CultureInfo.InvariantCulture)}_{id:D}.{extension}";

    /// <summary>
    /// The key of the <paramref name="part"/>-th object of a session whose first object is <paramref name="firstKey"/>
    /// (part 2 onwards, one per successor owner): <c>…_{uuid}.{part}.{ext}</c>.
    /// </summary>
    public static string Continuation(string firstKey, int part)
    {
        var dot = firstKey.LastIndexOf('.');
        return dot < 0 ? $"{firstKey}.{part}" : $"{firstKey[..dot]}.{part}{firstKey[dot..]}";
    }

    /// <summary>Keeps [A-Za-z0-9._-@], replaces the rest with '_', never "." or "..", at most 128 characters.</summary>
    public static string SafeSegment(string value)
    {
        var sb = new StringBuilder(Math.Min(value.Length, 128));
        foreach (var c in value.AsSpan(0, Math.Min(value.Length, 128)))
        {
            sb.Append(char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-' or '@' ? c : '_');
        }

        var safe = sb.ToString().Trim('.');
        return safe.Length == 0 ? "_" : safe;
    }
}
