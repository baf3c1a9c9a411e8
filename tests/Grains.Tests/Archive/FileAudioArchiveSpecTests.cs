using LiveTranscription.Grains.Archive;
using LiveTranscription.Grains.Storage;
using Microsoft.Extensions.Options;

namespace LiveTranscription.Grains.Tests.Archive;

public sealed class FileAudioArchiveSpecTests : AudioArchiveSpec, IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("lt-archive-spec-").FullName;

    protected override IAudioArchive Archive(ArchiveFormat pcmFormat = ArchiveFormat.Wav)
        => new FileAudioArchive(Options.Create(new StorageOptions { DataDirectory = _root }), Options.Create(new ArchiveOptions { PcmFormat = pcmFormat }));

    protected override Task<byte[]> ReadAsync(string key) => File.ReadAllBytesAsync(Path.Combine(_root, key));

    public void Dispose() => Directory.Delete(_root, recursive: true);
}
