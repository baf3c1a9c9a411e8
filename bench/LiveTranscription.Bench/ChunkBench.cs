using System.Diagnostics;
using LiveTranscription.Grains.Abstractions.Protocol;
using LiveTranscription.TestKit;

namespace LiveTranscription.Bench;

/// <summary>
/// Time for one SendAudio through the gateway's routing and the grain's turn (validate, archive spool,
/// resample, queue for the engine, ack), with 8 sessions sending concurrently. The baseline is a
/// GetSessionStatus through the same path (a grain call that does no work), measured in the same run.
/// SignalR transport and JSON are not included (see bench/latency.mjs for the round trip).
/// </summary>
internal static class ChunkBench
{
    private const int Sessions = 8;
    private const int Warmup = 200;
    private const int Measured = 1500;

    public static async Task RunAsync(int sampleRate)
    {
        await using var host = new BenchHost("synthetic", new() { ["Engines:MaxBufferedAudio"] = "00:10:00" });
        var quality = sampleRate switch { 8000 => "low", 48000 => "high", _ => "medium" };
        var chunkBase64 = Convert.ToBase64String(TestAudio.Tone(sampleRate, TimeSpan.FromMilliseconds(100)));
        var sessions = new List<(LiveTranscription.Gateway.Connections.ClientConnection Connection, string Id)>();
        for (var i = 0; i < Sessions; i++)
        {
            var connection = host.NewConnection();
            var ack = await host.Gateway.StartAsync(connection, new StartSessionRequest { Quality = quality, Engine = "synthetic" });
            sessions.Add((connection, ack.SessionId));
        }

        var chunkTimes = new List<double>();
        var baseTimes = new List<double>();
        var wall = Stopwatch.StartNew();
        var results = await Task.WhenAll(sessions.Select(s => Task.Run(async () =>
        {
            var mine = new List<double>();
            var baseline = new List<double>();
            for (var seq = 0; seq < Warmup + Measured; seq++)
            {
                var t0 = Stopwatch.GetTimestamp();
                await host.Gateway.SendAudioAsync(s.Connection, s.Id, seq, chunkBase64);
                var t1 = Stopwatch.GetTimestamp();
                await host.Gateway.GetStatusAsync(s.Id);
                var t2 = Stopwatch.GetTimestamp();
                if (seq >= Warmup)
                {
                    mine.Add(Stats.Ms(t1 - t0));
                    baseline.Add(Stats.Ms(t2 - t1));
                }
            }

            return (mine, baseline);
        })));
        wall.Stop();
        foreach (var (mine, baseline) in results)
        {
            chunkTimes.AddRange(mine);
            baseTimes.AddRange(baseline);
        }

        foreach (var s in sessions)
        {
            await host.Gateway.EndAsync(s.Connection, s.Id);
        }

        var p50 = Stats.Percentile(chunkTimes, 50);
        var p99 = Stats.Percentile(chunkTimes, 99);
        var b50 = Stats.Percentile(baseTimes, 50);
        var b99 = Stats.Percentile(baseTimes, 99);
        var chunksPerSecond = Sessions * (Warmup + Measured) / wall.Elapsed.TotalSeconds;
        Console.WriteLine($"| per chunk, {sampleRate / 1000} kHz, 100 ms chunks, {Sessions} concurrent sessions | p50 {p50:0.000} ms, p99 {p99:0.000} ms " +
            $"| no-op grain call p50 {b50:0.000} ms, p99 {b99:0.000} ms | ratio p50 {p50 / b50:0.0}x | {chunksPerSecond:0} chunks/s = {chunksPerSecond / 10:0}x real time per core pair |");
    }
}
