using System.Diagnostics;
using LiveTranscription.Bench;

// Server-side benchmarks, in process (docs/benchmarks.md):
//   chunks  gateway routing + grain turn per audio chunk, against a no-op grain call in the same run
//   memory  memory per live session, excluding the engine (synthetic) and including it (offline)
//   opus    Opus vs PCM: upstream bytes, decode/encode CPU, archive size, WER
//   aws     DynamoDB requests per minute of dictation, S3 archive throughput (dynalite, s3rver)
var mode = args.FirstOrDefault() ?? "all";
Console.WriteLine($"# LiveTranscription bench ({mode}) on {Environment.ProcessorCount} cores, {DateTime.UtcNow:yyyy-MM-dd}, .NET {Environment.Version}");
if (mode is "all" or "chunks")
{
    await ChunkBench.RunAsync(16000);
    await ChunkBench.RunAsync(48000);
}

if (mode is "all" or "memory")
{
    await MemoryBench.RunSyntheticAsync();
    await MemoryBench.RunOfflineAsync();
}

if (mode is "all" or "opus")
{
    await OpusBench.RunAsync();
}

if (mode is "all" or "aws")
{
    await AwsBench.RunAsync();
}

internal static class Stats
{
    public static double Percentile(List<double> values, double p)
    {
        var sorted = values.Order().ToList();
        return sorted[Math.Clamp((int)Math.Ceiling(p / 100 * sorted.Count) - 1, 0, sorted.Count - 1)];
    }

    public static double Ms(long ticks) => ticks * 1000.0 / Stopwatch.Frequency;

    public static long Rss()
    {
        using var p = Process.GetCurrentProcess();
        return p.WorkingSet64;
    }

    public static long Heap()
    {
        for (var i = 0; i < 3; i++)
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
        }

        return GC.GetTotalMemory(forceFullCollection: true);
    }

    public static string MiB(double bytes) => $"{bytes / 1048576:0.00} MiB";
}
