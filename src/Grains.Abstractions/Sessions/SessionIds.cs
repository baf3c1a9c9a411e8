namespace LiveTranscription.Grains.Abstractions.Sessions;

/// <summary>Session ids are UUIDs in the canonical 8-4-4-4-12 form, lower case.</summary>
public static class SessionIds
{
    /// <summary>The canonical form of <paramref name="value"/>, or null when it is not a UUID.</summary>
    public static string? Normalize(string? value)
        => Guid.TryParseExact(value, "D", out var id) ? id.ToString("D") : null;

    /// <summary>A new random session id.</summary>
    public static string New() => Guid.NewGuid().ToString("D");
}
