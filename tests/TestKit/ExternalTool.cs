using System.Diagnostics;

namespace LiveTranscription.TestKit;

/// <summary>Runs a command-line tool (opus-tools, flite) to completion: output read while it runs, a time limit, no stdin.</summary>
public static class ExternalTool
{
    /// <summary>Exit code and everything the tool printed (stdout, then stderr).</summary>
    public static (int ExitCode, string Output) Run(string tool, string package, IEnumerable<string> args, TimeSpan? timeout = null)
    {
        var psi = new ProcessStartInfo(tool, args) { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true };
        using var p = Process.Start(psi) ?? throw new InvalidOperationException($"{tool} could not start: install the Debian package '{package}'.");
        p.StandardInput.Close();
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(timeout ?? TimeSpan.FromSeconds(60)))
        {
            p.Kill();
            throw new TimeoutException($"{tool} {string.Join(' ', args)} did not finish in time.");
        }

        return (p.ExitCode, stdout.Result + stderr.Result);
    }
}
