using LiveTranscription.Grains.Abstractions.Sessions;

namespace LiveTranscription.Grains.Records;

/// <summary>
/// One empty file per session this process has in progress (<c>{DataDirectory}/sessions/.in-progress/{id}</c>), so
/// that after a crash the next start can list and finalize them without searching the store. A marker is written
/// before the record that says IN_PROGRESS and removed after the record that ends the session, so a crash in between
/// leaves a stale marker (the reader checks the record), never a missing one.
/// </summary>
internal sealed class InProgressMarkers(string directory)
{
    public static InProgressMarkers For(Storage.StorageOptions storage) => new(Path.Combine(storage.FullDataDirectory, "sessions", ".in-progress"));

    public void Mark(string sessionId)
    {
        var marker = Path.Combine(directory, sessionId);
        if (!File.Exists(marker))
        {
            Directory.CreateDirectory(directory);
            File.WriteAllBytes(marker, []);
        }
    }

    public void Clear(string sessionId) => File.Delete(Path.Combine(directory, sessionId));

    /// <summary>The marked session ids (markers that cannot be session ids are removed).</summary>
    public IReadOnlyList<string> All()
    {
        if (!Directory.Exists(directory))
        {
            return [];
        }

        var ids = new List<string>();
        foreach (var marker in Directory.EnumerateFiles(directory))
        {
            var id = Path.GetFileName(marker);
            if (SessionIds.Normalize(id) == id)
            {
                ids.Add(id);
            }
            else
            {
                File.Delete(marker);
            }
        }

        return ids;
    }
}
