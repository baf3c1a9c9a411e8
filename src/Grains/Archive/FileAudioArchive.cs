using LiveTranscription.Grains.Abstractions.Sessions;
using LiveTranscription.Grains.Storage;
using Microsoft.Extensions.Options;

namespace LiveTranscription.Grains.Archive;

/// <summary>Embedded-mode archive: a WAV file per session under the data directory.</summary>
internal sealed class FileAudioArchive(IOptions<StorageOptions> options) : IAudioArchive
{
    public Task<IAudioArchiveWriter> CreateAsync(ArchiveRequest request, CancellationToken cancellationToken)
    {
        if (request.Encoding != AudioEncodings.Pcm16)
        {
            throw new NotSupportedException($"The file archive stores pcm16 only, not {request.Encoding}.");
        }

        var key = ArchiveKey.Create(request.UserId, request.StartedAt, Guid.NewGuid(), "wav");
        var path = Path.Combine(options.Value.FullDataDirectory, key);
        return Task.FromResult<IAudioArchiveWriter>(new WavFileWriter(path, key, request.SampleRate));
    }
}
