namespace LiveTranscription.Grains.Storage;

/// <summary>Embedded-mode storage (section <c>Storage</c>): records and audio under one directory.</summary>
public sealed class StorageOptions
{
    public const string SectionName = "Storage";

    /// <summary><c>File</c> (default: records and audio under <see cref="DataDirectory"/>) or <c>Aws</c> (DynamoDB records, S3 audio spooled under <see cref="DataDirectory"/>).</summary>
    public string Provider { get; set; } = "File";

    public bool UsesAws => string.Equals(Provider, "Aws", StringComparison.OrdinalIgnoreCase);

    /// <summary>Root of <c>sessions/</c> (records, segments) and <c>audio/</c> (archive). Relative paths are from the working directory.</summary>
    public string DataDirectory { get; set; } = "data";

    /// <summary>How long the record writer keeps retrying a failing store after the session ended (while it runs: without limit).</summary>
    public TimeSpan MaxRetryDuration { get; set; } = TimeSpan.FromMinutes(10);

    public string FullDataDirectory => Path.GetFullPath(DataDirectory);
}
