using System.Diagnostics;
using LiveTranscription.Grains.Abstractions.Protocol;
using LiveTranscription.Grains.Abstractions.Sessions;
using LiveTranscription.Grains.Archive;
using LiveTranscription.Grains.Archive.Ogg;
using LiveTranscription.Grains.Audio;
using LiveTranscription.Grains.Audio.Opus;
using LiveTranscription.Grains.Records;
using LiveTranscription.Grains.Storage;
using LiveTranscription.TestKit;
using Microsoft.Extensions.Options;

namespace LiveTranscription.Bench;

/// <summary>
/// Opus against PCM on the e2e dictation test set (flite speech): upstream bytes, grain CPU per audio
/// second for decode and encode (against the 48→16 kHz resampler in the same run), archive bytes per
/// minute, and WER through full in-process sessions with the offline engine.
/// </summary>
internal static class OpusBench
{
    private const int Bitrate = 24000; // what the dictation page asks WebCodecs for

    private static readonly string[] Dictation =
    [
        "The patient is a fifty two year old man with a history of high blood pressure.",
        "He reports chest pain for three days.",
        "The pain is worse when he walks and better when he rests.",
        "He has no fever and no shortness of breath.",
        "Blood pressure today is one hundred forty over ninety.",
        "We will order an electrocardiogram and blood tests.",
    ];

    public static async Task RunAsync()
    {
        var speech16 = Speech();
        var speech48 = Resample(speech16, 16000, 48000);
        var seconds = speech16.Length / 16000.0;
        Console.WriteLine($"Test set: {Dictation.Length} sentences of flite speech, {seconds:0.0} s.");
        Upstream(speech16, seconds);
        Cpu(speech16, speech48, seconds);
        Archive(speech16, seconds);
        await WerAsync(speech16, speech48);
    }

    private static void Upstream(short[] speech, double seconds)
    {
        var packets = Encode(speech, 16000, Bitrate, 5);
        var opus = packets.Sum(p => p.Length + OpusChunk.LengthPrefixBytes) / seconds;
        var pcm = 32000.0;
        Console.WriteLine("| upstream, 16 kHz speech | bytes/s of audio | base64 in SignalR JSON |");
        Console.WriteLine("|---|---|---|");
        Console.WriteLine($"| pcm16 | {pcm:0} | {pcm * 4 / 3:0} |");
        Console.WriteLine($"| opus {Bitrate / 1000} kbps VBR, 20 ms packets, 2-byte length prefix | {opus:0} | {opus * 4 / 3:0} ({pcm / opus:0.0}× less) |");
    }

    private static void Cpu(short[] speech16, short[] speech48, double seconds)
    {
        Console.WriteLine("| grain CPU per second of audio (single thread) | µs | vs resampling 48→16 kHz |");
        Console.WriteLine("|---|---|---|");
        var baseline = Best(() =>
        {
            var r = new PolyphaseResampler(48000, 16000);
            var output = new short[r.MaxOutputFor(4800)];
            foreach (var chunk in speech48.Chunk(4800))
            {
                r.Process(chunk, output);
            }
        }) / seconds;
        Console.WriteLine($"| baseline: resample 48→16 kHz (every 48 kHz session) | {baseline:0} | 1.00 |");
        foreach (var rate in new[] { 16000, 48000 })
        {
            var pcm = rate == 16000 ? speech16 : speech48;
            var chunks = Chunks(Encode(pcm, rate, Bitrate, 5));
            var decode = Best(() =>
            {
                using var input = new OpusInput(rate, new AudioLimits());
                foreach (var chunk in chunks)
                {
                    input.Inspect(chunk, out var inspected);
                    input.Decode(inspected);
                }
            }) / seconds;
            Console.WriteLine($"| opus decode at {rate / 1000} kHz (check + decode, {Bitrate / 1000} kbps) | {decode:0} | {decode / baseline:0.00} |");
        }

        foreach (var rate in new[] { 16000, 48000 })
        {
            var pcm = rate == 16000 ? speech16 : speech48;
            foreach (var complexity in new[] { 0, 5, 10 })
            {
                var encode = Best(() =>
                {
                    using var packetizer = new OpusPcmPacketizer(rate, Bitrate, complexity);
                    foreach (var chunk in pcm.Chunk(rate / 10))
                    {
                        packetizer.Push(chunk, _ => { });
                    }
                }) / seconds;
                Console.WriteLine($"| opus encode at {rate / 1000} kHz, complexity {complexity} (archive of pcm16 as Ogg Opus) | {encode:0} | {encode / baseline:0.00} |");
            }
        }
    }

    private static void Archive(short[] speech, double seconds)
    {
        var dir = Directory.CreateTempSubdirectory("lt-bench-archive-").FullName;
        try
        {
            Console.WriteLine("| archive, 16 kHz speech | bytes per minute | container overhead |");
            Console.WriteLine("|---|---|---|");
            var pcmBytes = Pcm16Bytes(speech);
            var packets = Encode(speech, 16000, Bitrate, 5);
            foreach (var (label, encoding, format) in new[]
            {
                ("WAV (pcm16 input, default)", AudioEncodings.Pcm16, ArchiveFormat.Wav),
                ($"Ogg Opus, pcm16 input encoded on the server ({Bitrate / 1000} kbps, complexity 5)", AudioEncodings.Pcm16, ArchiveFormat.OggOpus),
                ($"Ogg Opus, opus input stored as received ({Bitrate / 1000} kbps)", AudioEncodings.Opus, ArchiveFormat.OggOpus),
            })
            {
                var archive = new FileAudioArchive(Options.Create(new StorageOptions { DataDirectory = dir }), Options.Create(new ArchiveOptions { PcmFormat = format }));
                var writer = archive.CreateAsync(new ArchiveRequest(SessionIds.New(), "bench", DateTimeOffset.UtcNow, 16000, encoding, 1), CancellationToken.None).GetAwaiter().GetResult();
                long payload;
                if (encoding == AudioEncodings.Opus)
                {
                    using var input = new OpusInput(16000, new AudioLimits());
                    foreach (var chunk in Chunks(packets))
                    {
                        input.Inspect(chunk, out var inspected);
                        writer.AppendAsync(inspected, CancellationToken.None).AsTask().GetAwaiter().GetResult();
                    }

                    payload = packets.Sum(p => p.Length);
                }
                else
                {
                    foreach (var chunk in pcmBytes.Chunk(3200))
                    {
                        writer.AppendAsync(ArchiveChunk.Pcm16(chunk), CancellationToken.None).AsTask().GetAwaiter().GetResult();
                    }

                    payload = format == ArchiveFormat.Wav ? pcmBytes.Length : -1;
                }

                var result = writer.CompleteAsync(CancellationToken.None).GetAwaiter().GetResult();
                writer.DisposeAsync().AsTask().GetAwaiter().GetResult();
                var overhead = payload > 0 ? $"{(result.AudioBytes - payload) / (double)result.AudioBytes:P1}" : "–";
                Console.WriteLine($"| {label} | {result.AudioBytes / seconds * 60 / 1024:0} KiB | {overhead} |");
            }
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    private static async Task WerAsync(short[] speech16, short[] speech48)
    {
        Console.WriteLine("| WER, offline engine, same test set | pcm16 | opus 24 kbps | opus 16 kbps | opus 12 kbps |");
        Console.WriteLine("|---|---|---|---|---|");
        await using var host = new BenchHost("offline");
        var reference = string.Join(' ', Dictation);
        foreach (var (rate, pcm, quality) in new[] { (16000, speech16, "medium"), (48000, speech48, "high") })
        {
            var cells = new List<string> { $"{await TranscribeAsync(host, quality, AudioEncodings.Pcm16, Chunks(Pcm16Bytes(pcm), rate / 10 * 2), reference):P1}" };
            foreach (var bitrate in new[] { 24000, 16000, 12000 })
            {
                cells.Add($"{await TranscribeAsync(host, quality, AudioEncodings.Opus, Chunks(Encode(pcm, rate, bitrate, 5)), reference):P1}");
            }

            Console.WriteLine($"| {rate / 1000} kHz | {string.Join(" | ", cells)} |");
        }
    }

    private static async Task<double> TranscribeAsync(BenchHost host, string quality, string encoding, List<byte[]> chunks, string reference)
    {
        var connection = host.NewConnection();
        var ack = await host.Gateway.StartAsync(connection, new StartSessionRequest { Quality = quality, Encoding = encoding });
        for (var i = 0; i < chunks.Count; i++)
        {
            await host.SendWithRetryAsync(connection, ack.SessionId, i, chunks[i]);
        }

        await host.Gateway.EndAsync(connection, ack.SessionId);
        var segments = await host.Get<ISessionStore>().GetSegmentsAsync(ack.SessionId, CancellationToken.None);
        return Wer.Compute(reference, string.Join(' ', segments.Select(s => s.Text)));
    }

    /// <summary>The sentences with 0.8 s pauses and 0.5 s lead / 1 s trail silence, as the e2e test set.</summary>
    internal static short[] Speech()
    {
        var pause = new short[12800];
        var all = new List<short>(new short[8000]);
        for (var i = 0; i < Dictation.Length; i++)
        {
            if (i > 0)
            {
                all.AddRange(pause);
            }

            all.AddRange(Pcm16.AsSamples(TestAudio.Speech(Dictation[i])).ToArray());
        }

        all.AddRange(new short[16000]);
        return [.. all];
    }

    private static short[] Resample(short[] pcm, int from, int to)
    {
        var r = new PolyphaseResampler(from, to);
        var output = new short[r.MaxOutputFor(pcm.Length)];
        return output[..r.Process(pcm, output)];
    }

    private static List<byte[]> Encode(short[] pcm, int rate, int bitrate, int complexity)
    {
        var packets = new List<byte[]>();
        using var packetizer = new OpusPcmPacketizer(rate, bitrate, complexity);
        packetizer.Push(pcm, p => packets.Add(p.ToArray()));
        packetizer.Flush(p => packets.Add(p.ToArray()));
        return packets;
    }

    private static List<byte[]> Chunks(List<byte[]> packets)
        => [.. packets.Chunk(5).Select(c => OpusChunk.Frame(c.Select(p => (ReadOnlyMemory<byte>)p)))];

    private static List<byte[]> Chunks(byte[] pcm, int bytes) => [.. pcm.Chunk(bytes).Where(c => c.Length >= bytes / 5)];

    private static byte[] Pcm16Bytes(short[] pcm)
    {
        var bytes = new byte[pcm.Length * 2];
        Buffer.BlockCopy(pcm, 0, bytes, 0, bytes.Length);
        return bytes;
    }

    /// <summary>Best of 5 runs, in µs.</summary>
    private static double Best(Action run)
    {
        run();
        var best = double.MaxValue;
        for (var i = 0; i < 5; i++)
        {
            var sw = Stopwatch.StartNew();
            run();
            best = Math.Min(best, sw.Elapsed.TotalMicroseconds);
        }

        return best;
    }
}
