using System.Buffers.Binary;
using Microsoft.Win32.SafeHandles;

namespace LiveTranscription.Grains.Archive;

/// <summary>
/// Streams PCM into a WAV file. After every append the header's sizes are patched, so the file is a
/// valid WAV of everything acknowledged even if the process dies; completion also flushes to disk.
/// Memory is constant: nothing is buffered beyond the chunk being written.
/// </summary>
internal sealed class WavFileWriter : ISpooledArchiveWriter
{
    private readonly SafeFileHandle _file;
    private readonly int _sampleRate;
    private readonly byte[] _sizeField = new byte[4];
    private long _dataBytes;
    private bool _completed;

    public WavFileWriter(string path, string key, int sampleRate)
    {
        System.IO.Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        _file = File.OpenHandle(path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.Read, FileOptions.None);
        _sampleRate = sampleRate;
        Key = key;
        SpoolPath = path;
        RandomAccess.Write(_file, WavHeader.Create(sampleRate, 0), 0);
    }

    public string Key { get; }

    public long AudioBytes => _dataBytes;

    public string SpoolPath { get; }

    public long StableBytes => WavHeader.Size + _dataBytes;

    /// <summary>
    /// Writes synchronously: a local write of at most 32 KiB into the page cache takes microseconds,
    /// and completing inline keeps the session's accept-a-chunk step free of interleaving.
    /// </summary>
    public ValueTask AppendAsync(ArchiveChunk chunk, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_completed, this);
        if (chunk.OpusPackets is not null)
        {
            throw new InvalidOperationException("A WAV archive stores pcm16; Opus input is archived as Ogg Opus.");
        }

        var audio = chunk.Data;
        RandomAccess.Write(_file, audio.Span, WavHeader.Size + _dataBytes);
        _dataBytes += audio.Length;
        PatchSizes();
        return ValueTask.CompletedTask;
    }

    public Task<ArchiveResult> CompleteAsync(CancellationToken cancellationToken)
    {
        if (!_completed)
        {
            PatchSizes();
            RandomAccess.FlushToDisk(_file);
            _completed = true;
            _file.Dispose();
        }

        return Task.FromResult(new ArchiveResult(Key, _dataBytes, TimeSpan.FromSeconds(_dataBytes / 2.0 / _sampleRate)));
    }

    private void PatchSizes()
    {
        // WAV sizes are 32-bit: 4 GiB is ~37 h at 16 kHz, far beyond the session limit.
        var data = (uint)Math.Min(_dataBytes, uint.MaxValue - 36);
        BinaryPrimitives.WriteUInt32LittleEndian(_sizeField, 36 + data);
        RandomAccess.Write(_file, _sizeField, 4);
        BinaryPrimitives.WriteUInt32LittleEndian(_sizeField, data);
        RandomAccess.Write(_file, _sizeField, 40);
    }

    /// <summary>
    /// Cuts a WAV file a dead writer left to its first <paramref name="audioBytes"/> bytes of audio (what its index says
    /// was acknowledged) and sets the header's sizes to match.
    /// </summary>
    public static void Repair(string path, long audioBytes)
    {
        using var file = File.OpenHandle(path, FileMode.Open, FileAccess.ReadWrite, FileShare.Read);
        var data = Math.Min(audioBytes, Math.Max(0, RandomAccess.GetLength(file) - WavHeader.Size));
        RandomAccess.SetLength(file, WavHeader.Size + data);
        var field = new byte[4];
        var size = (uint)Math.Min(data, uint.MaxValue - 36);
        BinaryPrimitives.WriteUInt32LittleEndian(field, 36 + size);
        RandomAccess.Write(file, field, 4);
        BinaryPrimitives.WriteUInt32LittleEndian(field, size);
        RandomAccess.Write(file, field, 40);
        RandomAccess.FlushToDisk(file);
    }

    public ValueTask DisposeAsync()
    {
        if (!_completed)
        {
            PatchSizes();
            _completed = true;
            _file.Dispose();
        }

        return ValueTask.CompletedTask;
    }
}
