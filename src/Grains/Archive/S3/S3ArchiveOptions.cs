namespace LiveTranscription.Grains.Archive.S3;

/// <summary>The S3 audio archive (section <c>Storage:S3</c>).</summary>
public sealed class S3ArchiveOptions
{
    public const string SectionName = "Storage:S3";

    public string Bucket { get; set; } = string.Empty;

    public string Region { get; set; } = "us-east-1";

    /// <summary>Endpoint override for S3-compatible stores (s3rver, MinIO) or a VPC endpoint.</summary>
    public string? ServiceUrl { get; set; }

    /// <summary>Path-style addressing (<c>host/bucket/key</c>), for S3-compatible stores.</summary>
    public bool ForcePathStyle { get; set; }

    /// <summary>aws-chunked payload signing; S3-compatible stores such as s3rver need it off.</summary>
    public bool UseChunkEncoding { get; set; } = true;

    /// <summary>
    /// Whether the store can copy an object onto itself with new metadata (S3 can). A session long enough for parts to go
    /// up while it runs gets its <c>duration</c> metadata that way at the end; off (s3rver, whose copy cannot parse the
    /// SDK's encoded copy source), such objects have no <c>duration</c> metadata (the record has it).
    /// </summary>
    public bool CopyObjectSupported { get; set; } = true;

    /// <summary><c>AES256</c> or <c>aws:kms</c> (with <see cref="KmsKeyId"/>); empty: the bucket's default.</summary>
    public string? ServerSideEncryption { get; set; }

    public string? KmsKeyId { get; set; }

    /// <summary>Local spool for objects being uploaded, relative to <c>Storage:DataDirectory</c>.</summary>
    public string SpoolDirectory { get; set; } = "spool";

    /// <summary>Multipart part size (S3's minimum is 5 MiB for every part but the last).</summary>
    public int PartSize { get; set; } = 8 * 1024 * 1024;

    /// <summary>How long the end of a session waits for the upload; after that it continues in the background.</summary>
    public TimeSpan CompleteTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Retry delays start at 2 s and double up to this.</summary>
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromMinutes(1);
}
