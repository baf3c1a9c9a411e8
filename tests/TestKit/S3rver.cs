using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace LiveTranscription.TestKit;

/// <summary>
/// An s3rver process (the S3 API on disk; npm package from the repo's package.json) on a loopback port with one
/// bucket. Credentials must be S3RVER/S3RVER; needs path-style addressing and no chunked payload signing
/// (REGISTRY.md). Stopped by PID on dispose.
/// </summary>
public sealed class S3rver : IAsyncDisposable
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

    /// <summary>A loopback port the OS reports free (for a server started right after).</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public static async Task<S3rver> StartAsync(string bucket = "test-bucket", int? port = null)
    {
        var cli = Path.Combine(Dynalite.RepoRoot(), "node_modules", "s3rver", "bin", "s3rver.js");
        if (!File.Exists(cli))
        {
            throw new InvalidOperationException($"{cli} is missing: run scripts/setup.sh (npm ci) first.");
        }

        var p = port ?? FreePort();
        var dir = Directory.CreateTempSubdirectory("lt-s3rver-").FullName;
        var psi = new ProcessStartInfo("node", ["--openssl-legacy-provider", cli, "-d", dir, "-a", "127.0.0.1", "-p", p.ToString(System.Globalization.CultureInfo.InvariantCulture), "--silent", "--configure-bucket", bucket])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        var process = Process.Start(psi) ?? throw new InvalidOperationException("node could not start.");
        var server = new S3rver(process, dir, p, bucket);
        await Dynalite.WaitForPortAsync(process, p);
        return server;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
        Directory.Delete(_directory, recursive: true);
    }
}
