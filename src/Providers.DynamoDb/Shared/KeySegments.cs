namespace LiveTranscription.Providers.DynamoDb.Shared;

/// <summary>
/// Builds item keys from several parts joined by '/'. Every part but the last is escaped ('%' as "%25", '/' as "%2F"),
/// so the last part (a GrainId, whose string form contains '/') may hold anything and two different tuples of parts
/// never give the same key.
/// </summary>
internal static class KeySegments
{
    public static string Join(string first, string last) => $"{Escape(first)}/{last}";

    public static string Join(string first, string second, string last) => $"{Escape(first)}/{Escape(second)}/{last}";

    public static string Escape(string part) => part.Replace("%", "%25", StringComparison.Ordinal).Replace("/", "%2F", StringComparison.Ordinal);
}
