using System.Globalization;
using System.Text;

namespace LiveTranscription.Grains.Records;

/// <summary>One page of a user's sessions, newest first.</summary>
public sealed record SessionPage(IReadOnlyList<SessionRecord> Sessions, string? NextPageToken);

/// <summary>
/// The opaque page token: the position (start time, session id) of the last session returned, so paging is
/// stable while new sessions are added. The same token format serves every store.
/// </summary>
public static class SessionPageToken
{
    public static string Create(DateTimeOffset createdAt, string sessionId)
        => Convert.ToBase64String(Encoding.UTF8.GetBytes($"{Time(createdAt)}|{sessionId}")).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    /// <summary>The position in a token, or null (with the caller answering INVALID_REQUEST) when it is not one.</summary>
    public static (string CreatedAt, string SessionId)? Parse(string token)
    {
        try
        {
            var b64 = token.Replace('-', '+').Replace('_', '/');
            var text = Encoding.UTF8.GetString(Convert.FromBase64String(b64.PadRight(b64.Length + ((4 - (b64.Length % 4)) % 4), '=')));
            var parts = text.Split('|');
            return parts.Length == 2 && parts[0].Length == 28 ? (parts[0], parts[1]) : null;
        }
        catch (FormatException)
        {
            return null;
        }
    }

    /// <summary>ISO 8601 UTC with 7 decimals: sorts as text in time order.</summary>
    public static string Time(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture);
}
