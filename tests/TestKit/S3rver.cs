using System.Diagnostics;
using System.Text.RegularExpressions;

namespace LiveTranscription.TestKit;

/// <summary>
/// An s3rver process (the S3 API on disk; npm package from the repo's package.json) on a loopback port with one
/// bucket, started with <c>-p 0</c> (it prints the port it got). Credentials must be S3RVER/S3RVER; needs
/// path-style addressing and no chunked payload signing (REGISTRY.md). Stopped by PID on dispose.
/// </summary>
public sealed partial class S3rver : IAsyncDisposable
{
    public const string AccessKey = "S3RVER";
    public const string SecretKey = "S3RVER";

    private readonly Process _process;
    private readonly string _directory;

    private S3rver(Process process, string directory, int port, string bucket)
    {
        _process = process;
        _directory = directory;
        ServiceUrl = $"http://127.0.0.1:{port}";
        Bucket = bucket;
    }

    public string ServiceUrl { get; }

    public string Bucket { get; }

    /// <summary>Starts s3rver on a port the OS picks (no race with other test processes).</summary>
    public static async Task<S3rver> StartAsync(string bucket = "test-bucket")
    {
        var cli = Path.Combine(Dynalite.RepoRoot(), "node_modules", "s3rver", "bin", "s3rver.js");
        if (!File.Exists(cli))
        {
            throw new InvalidOperationException($"{cli} is missing: run scripts/setup.sh (npm ci) first.");
        }

        var dir = Directory.CreateTempSubdirectory("lt-s3rver-").FullName;
        try
        {
            var (process, actual) = await NodeServer.StartAsync(
                ["--openssl-legacy-provider", cli, "-d", dir, "-a", "127.0.0.1", "-p", "0", "--silent", "--configure-bucket", bucket],
                Listening());
            return new S3rver(process, dir, actual, bucket);
        }
        catch
        {
            Directory.Delete(dir, recursive: true);
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await NodeServer.StopAsync(_process);
        Directory.Delete(_directory, recursive: true);
    }

    [GeneratedRegex(@"^S3rver listening on [^:]+:(\d+)")]
    private static partial Regex Listening();
}
