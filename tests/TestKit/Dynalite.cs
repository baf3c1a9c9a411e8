using System.Diagnostics;
using System.Text.RegularExpressions;

namespace LiveTranscription.TestKit;

/// <summary>
/// A dynalite process (the DynamoDB API, in memory; npm package from the repo's package.json) on a loopback port
/// the OS picks (tests/servers/dynalite.cjs). Stopped by PID on dispose.
/// </summary>
public sealed partial class Dynalite : IAsyncDisposable
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
        var launcher = Path.Combine(RepoRoot(), "tests", "servers", "dynalite.cjs");
        if (!Directory.Exists(Path.Combine(RepoRoot(), "node_modules", "dynalite")))
        {
            throw new InvalidOperationException("node_modules/dynalite is missing: run scripts/setup.sh (npm ci) first.");
        }

        var (process, port) = await NodeServer.StartAsync([launcher], Listening());
        return new Dynalite(process, port);
    }

    public ValueTask DisposeAsync() => NodeServer.StopAsync(_process);

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

    [GeneratedRegex(@"^Dynalite listening at: http://127\.0\.0\.1:(\d+)")]
    private static partial Regex Listening();
}
