using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;

namespace LiveTranscription.TestKit;

/// <summary>
/// A node process serving on loopback that prints the port it listens on (the OS picks it: no free-port race with
/// other test processes). Its output is read to the end, so it never blocks on a full pipe.
/// </summary>
internal static class NodeServer
{
    /// <summary>Starts <c>node <paramref name="args"/></c> and returns it with the port <paramref name="listening"/> (group 1) reports.</summary>
    public static async Task<(Process Process, int Port)> StartAsync(string[] args, Regex listening, TimeSpan? timeout = null)
    {
        var psi = new ProcessStartInfo("node", args)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
        };
        var process = Process.Start(psi) ?? throw new InvalidOperationException("node could not start.");
        var port = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        var output = new StringBuilder();
        process.OutputDataReceived += (_, e) => OnLine(e.Data);
        process.ErrorDataReceived += (_, e) => OnLine(e.Data);
        process.Exited += (_, _) => port.TrySetException(new InvalidOperationException($"node {string.Join(' ', args)} exited:\n{Text()}"));
        process.EnableRaisingEvents = true;
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            return (process, await port.Task.WaitAsync(timeout ?? TimeSpan.FromSeconds(30)));
        }
        catch (TimeoutException)
        {
            Stop(process);
            throw new TimeoutException($"node {string.Join(' ', args)} did not report its port:\n{Text()}");
        }
        catch
        {
            Stop(process);
            throw;
        }

        void OnLine(string? line)
        {
            if (line is null)
            {
                return;
            }

            lock (output)
            {
                output.AppendLine(line);
            }

            if (listening.Match(line) is { Success: true } m)
            {
                port.TrySetResult(int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture));
            }
        }

        string Text()
        {
            lock (output)
            {
                return output.ToString();
            }
        }
    }

    /// <summary>Kills the process (by PID) and waits for it.</summary>
    public static async ValueTask StopAsync(Process process)
    {
        if (!process.HasExited)
        {
            process.Kill();
            await process.WaitForExitAsync();
        }

        process.Dispose();
    }

    private static void Stop(Process process)
    {
        try
        {
            process.Kill();
        }
        catch (InvalidOperationException)
        {
            // already gone
        }

        process.Dispose();
    }
}
