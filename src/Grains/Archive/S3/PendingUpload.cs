using System.Text.Json;

namespace LiveTranscription.Grains.Archive.S3;

/// <summary>
/// A marker next to a completed spool file (<c>{spool}.pending.json</c>: key and metadata) while its upload is
/// not finished, so a restarted process can upload it. Removed with the spool once the object exists.
/// </summary>
internal sealed record PendingUpload(string Key, Dictionary<string, string> Metadata)
{
    public const string Suffix = ".pending.json";

    public static string MarkerOf(string spoolPath) => spoolPath + Suffix;

    public static async Task WriteAsync(S3ObjectUpload upload, CancellationToken cancellationToken)
    {
        var marker = MarkerOf(upload.SpoolPath);
        var tmp = marker + ".tmp";
        await File.WriteAllBytesAsync(tmp, JsonSerializer.SerializeToUtf8Bytes(new PendingUpload(upload.Key, new(upload.Metadata))), cancellationToken).ConfigureAwait(false);
        File.Move(tmp, marker, overwrite: true);
    }

    /// <summary>The completed spools under <paramref name="spoolDirectory"/> whose upload did not finish.</summary>
    public static IEnumerable<(string SpoolPath, PendingUpload Upload)> Find(string spoolDirectory)
    {
        if (!Directory.Exists(spoolDirectory))
        {
            yield break;
        }

        foreach (var marker in Directory.EnumerateFiles(spoolDirectory, "*" + Suffix, SearchOption.AllDirectories))
        {
            var spool = marker[..^Suffix.Length];
            PendingUpload? pending;
            try
            {
                pending = JsonSerializer.Deserialize<PendingUpload>(File.ReadAllBytes(marker));
            }
            catch (JsonException)
            {
                continue; // torn marker: the spool stays for an operator
            }

            if (pending is not null && File.Exists(spool))
            {
                yield return (spool, pending);
            }
        }
    }
}
