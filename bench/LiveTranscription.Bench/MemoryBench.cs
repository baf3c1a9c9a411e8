using LiveTranscription.Gateway.Connections;
using LiveTranscription.Grains.Abstractions.Protocol;
using LiveTranscription.TestKit;

namespace LiveTranscription.Bench;

/// <summary>
/// Memory per live session, and whether it grows with session length. Excluding the engine: the
/// synthetic engine (a few KB). Including it: the offline engine (a PocketSphinx decoder per session).
/// </summary>
internal static class MemoryBench
{
    public static async Task RunSyntheticAsync()
    {
        const int sessions = 20;
        await using var host = new BenchHost("synthetic", new() { ["Engines:MaxBufferedAudio"] = "00:00:10" });
        var chunk = TestAudio.Tone(16000, TimeSpan.FromMilliseconds(100));
        var heap0 = Stats.Heap();
        var rss0 = Stats.Rss();
        var live = new List<(ClientConnection Connection, string Id)>();
        for (var i = 0; i < sessions; i++)
        {
            var connection = host.NewConnection();
            var ack = await host.Gateway.StartAsync(connection, new StartSessionRequest { Engine = "synthetic" });
            live.Add((connection, ack.SessionId));
        }

        var sequence = 0L;
        async Task StreamAsync(int chunks)
        {
            for (var c = 0; c < chunks; c++, sequence++)
            {
                foreach (var (connection, id) in live)
                {
                    await host.SendWithRetryAsync(connection, id, sequence, chunk);
                }
            }
        }

        await StreamAsync(600); // 1 minute each
        var heap1 = Stats.Heap();
        var rss1 = Stats.Rss();
        await StreamAsync(3000); // 5 more minutes each
        var heap2 = Stats.Heap();
        var rss2 = Stats.Rss();

        Console.WriteLine($"| memory per session, excluding the engine (synthetic, {sessions} sessions, 1 min of audio each) | managed heap {Stats.MiB((heap1 - heap0) / (double)sessions)}, RSS {Stats.MiB((rss1 - rss0) / (double)sessions)} |");
        Console.WriteLine($"| growth per session over 5 more minutes of audio | managed heap {Stats.MiB((heap2 - heap1) / (double)sessions)}, RSS {Stats.MiB((rss2 - rss1) / (double)sessions)} |");
        foreach (var (connection, id) in live)
        {
            await host.Gateway.EndAsync(connection, id);
        }
    }

    public static async Task RunOfflineAsync()
    {
        const int sessions = 4;
        await using var host = new BenchHost("offline");
        var speech = TestAudio.Speech("The patient is a fifty two year old man with a history of high blood pressure. He reports chest pain for three days.");
        var chunks = TestAudio.Chunks(speech, 16000, TimeSpan.FromMilliseconds(100)).Where(c => c.Length >= 640).ToList();
        var heap0 = Stats.Heap();
        var rss0 = Stats.Rss();
        var live = new List<(ClientConnection Connection, string Id)>();
        for (var i = 0; i < sessions; i++)
        {
            var connection = host.NewConnection();
            var ack = await host.Gateway.StartAsync(connection, new StartSessionRequest());
            live.Add((connection, ack.SessionId));
        }

        var rssStarted = Stats.Rss();
        for (var c = 0; c < chunks.Count; c++)
        {
            foreach (var (connection, id) in live)
            {
                await host.SendWithRetryAsync(connection, id, c, chunks[c]);
            }
        }

        await Task.Delay(2000); // let the decoders finish
        var heap1 = Stats.Heap();
        var rss1 = Stats.Rss();
        Console.WriteLine($"| memory per session, including the engine (offline, {sessions} sessions) | after start: RSS {Stats.MiB((rssStarted - rss0) / (double)sessions)}; " +
            $"after {chunks.Count / 10.0:0.0} s of speech: RSS {Stats.MiB((rss1 - rss0) / (double)sessions)}, managed heap {Stats.MiB((heap1 - heap0) / (double)sessions)} |");
        foreach (var (connection, id) in live)
        {
            await host.Gateway.EndAsync(connection, id);
        }
    }
}
