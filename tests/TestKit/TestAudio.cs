using System.Buffers.Binary;

namespace LiveTranscription.TestKit;

/// <summary>Audio for tests: synthetic signals and flite speech (Debian's flite, installed by the test command).</summary>
public static class TestAudio
{
    /// <summary>A tone as pcm16 bytes; <paramref name="seed"/> adds noise so blocks differ.</summary>
    public static byte[] Tone(int sampleRate, TimeSpan duration, double frequency = 440, double amplitude = 3000, int seed = 1)
    {
        var n = (int)(sampleRate * duration.TotalSeconds);
        var random = new Random(seed);
        var bytes = new byte[n * 2];
        for (var i = 0; i < n; i++)
        {
            var s = (amplitude * Math.Sin(2 * Math.PI * frequency * i / sampleRate)) + random.Next(-200, 200);
            BinaryPrimitives.WriteInt16LittleEndian(bytes.AsSpan(i * 2), (short)s);
        }

        return bytes;
    }

    public static short[] Sine(int sampleRate, int samples, double frequency, double amplitude = 10000)
        => [.. Enumerable.Range(0, samples).Select(i => (short)(amplitude * Math.Sin(2 * Math.PI * frequency * i / sampleRate)))];

    /// <summary>Splits audio into chunks of <paramref name="chunk"/> duration.</summary>
    public static IEnumerable<byte[]> Chunks(byte[] pcm, int sampleRate, TimeSpan chunk)
    {
        var size = (int)(sampleRate * chunk.TotalSeconds) * 2;
        for (var i = 0; i < pcm.Length; i += size)
        {
            yield return pcm[i..Math.Min(pcm.Length, i + size)];
        }
    }

    /// <summary>Speaks <paramref name="text"/> with flite's slt voice (16 kHz) and returns pcm16 samples as bytes.</summary>
    public static byte[] Speech(string text, string voice = "slt")
    {
        var dir = Path.Combine(Path.GetTempPath(), "lt-speech");
        Directory.CreateDirectory(dir);
        var path = Path.Combine(dir, $"{voice}-{(uint)StringComparer.Ordinal.GetHashCode(text):x8}-{text.Length}.wav");
        if (!File.Exists(path))
        {
            // Written aside and renamed into place: a test process running at the same time never reads half a file.
            var partial = $"{path}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp.wav";
            var (code, output) = ExternalTool.Run("flite", "flite", ["-voice", voice, "-t", text, "-o", partial]);
            if (code != 0)
            {
                throw new InvalidOperationException("flite failed: " + output);
            }

            File.Move(partial, path, overwrite: true);
        }

        var wav = File.ReadAllBytes(path);
        return DataChunk(wav);
    }

    /// <summary>The data chunk of a PCM WAV file.</summary>
    public static byte[] DataChunk(byte[] wav)
    {
        var offset = 12;
        while (offset + 8 <= wav.Length)
        {
            var id = System.Text.Encoding.ASCII.GetString(wav, offset, 4);
            var size = BinaryPrimitives.ReadInt32LittleEndian(wav.AsSpan(offset + 4));
            if (id == "data")
            {
                return wav[(offset + 8)..Math.Min(wav.Length, offset + 8 + size)];
            }

            offset += 8 + size;
        }

        throw new InvalidDataException("no data chunk");
    }

    public static byte[] Silence(int sampleRate, TimeSpan duration) => new byte[(int)(sampleRate * duration.TotalSeconds) * 2];
}
