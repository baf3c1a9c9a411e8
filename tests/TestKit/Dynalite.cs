using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace LiveTranscription.TestKit;

/// <summary>
/// A dynalite process (the DynamoDB API, in memory; npm package from the repo's package.json) on a free
/// loopback port. Stopped by PID on dispose.
/// </summary>
public sealed class Dynalite : IAsyncDisposable
{
    private readonly Process _process;

    private Dynalite(Process process, int port)
    {
        _process = process;
        ServiceUrl = $"http://127.0.0.1:{port}";
    }

    public string ServiceUrl { get; }

    public static async Task<Dynalite> StartAsync()
    {
        var cli = Path.Combine(RepoRoot(), "node_modules", "dynalite", "cli.js");
        if (!File.Exists(cli))
        {
            throw new InvalidOperationException($"{cli} is missing: run scripts/setup.sh (npm ci) first.");
        }

        var port = S3rver.FreePort();
        var psi = new ProcessStartInfo("node", [cli, "--host", "127.0.0.1", "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--createTableMs", "0", "--deleteTableMs", "0", "--updateTableMs", "0"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        var process = Process.Start(psi) ?? throw new InvalidOperationException("node could not start.");
        var dynalite = new Dynalite(process, port);
        await WaitForPortAsync(process, port);
        return dynalite;
    }

    /// <summary>Waits until <paramref name="process"/> accepts connections on <paramref name="port"/> (15 s at most).</summary>
    public static async Task WaitForPortAsync(Process process, int port)
    {
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (true)
        {
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, port);
                return;
            }
            catch (SocketException) when (DateTime.UtcNow < deadline && !process.HasExited)
            {
                await Task.Delay(50);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }

    public static string RepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "package.json")) && Directory.Exists(Path.Combine(dir.FullName, "src")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("The repository root (package.json) was not found above " + AppContext.BaseDirectory);
    }
}
