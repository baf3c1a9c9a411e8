using LiveTranscription.Grains.Abstractions.Sessions;
using LiveTranscription.Grains.Archive.Ogg;
using LiveTranscription.Grains.Storage;
using Microsoft.Extensions.Options;

namespace LiveTranscription.Grains.Archive;

/// <summary>
/// Embedded-mode archive: one file per session under the data directory. Opus input becomes an Ogg Opus
/// file (<c>.opus</c>) of the received packets; pcm16 input a WAV file, or Ogg Opus when
/// <see cref="ArchiveOptions.PcmFormat"/> says so.
/// </summary>
internal sealed class FileAudioArchive(IOptions<StorageOptions> storage, IOptions<ArchiveOptions> archive) : IAudioArchive
{
    public Task<IAudioArchiveWriter> CreateAsync(ArchiveRequest request, CancellationToken cancellationToken)
    {
        var format = FormatFor(request.Encoding, archive.Value);
        var key = request.Key ?? ArchiveKey.Create(request.UserId, request.StartedAt, Guid.NewGuid(), format == ArchiveFormat.Wav ? "wav" : "opus");
        var path = Path.Combine(storage.Value.FullDataDirectory, key);
        IAudioArchiveWriter writer = format == ArchiveFormat.Wav
            ? new WavFileWriter(path, key, request.SampleRate)
            : new OggOpusFileWriter(path, key, request, archive.Value);
        return Task.FromResult(writer);
    }

    /// <summary>Embedded mode finalizes interrupted sessions instead of resuming them; its files are complete as they are.</summary>
    public Task<ArchiveRecovery?> RecoverAsync(string key, ArchiveRequest request, long tailFrom, TimeSpan maxTail, CancellationToken cancellationToken)
        => Task.FromResult<ArchiveRecovery?>(null);

    /// <summary>The container for an input encoding: Opus is never decoded for the archive.</summary>
    public static ArchiveFormat FormatFor(string encoding, ArchiveOptions options) => encoding switch
    {
        AudioEncodings.Opus => ArchiveFormat.OggOpus,
        AudioEncodings.Pcm16 => options.PcmFormat,
        _ => throw new NotSupportedException($"The archive does not store {encoding}."),
    };
}
