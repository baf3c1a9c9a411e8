using LiveTranscription.Grains.Audio.Opus;
using Microsoft.Extensions.Options;

namespace LiveTranscription.Grains.Archive;

/// <summary>Checks the archive settings, and that libopus loads: Opus input is always accepted, so the service needs it.</summary>
internal sealed class ArchiveOptionsValidator : IValidateOptions<ArchiveOptions>
{
    public ValidateOptionsResult Validate(string? name, ArchiveOptions options)
    {
        var failures = new List<string>();
        if (OpusLibrary.TryGetVersion(out var error) is null)
        {
            failures.Add(error!);
        }

        if (!Enum.IsDefined(options.PcmFormat))
        {
            failures.Add("Archive:PcmFormat must be Wav or OggOpus.");
        }

        if (options.OpusBitrate is < 6000 or > 510000)
        {
            failures.Add("Archive:OpusBitrate must be between 6000 and 510000 bits/s.");
        }

        if (options.OpusComplexity is < 0 or > 10)
        {
            failures.Add("Archive:OpusComplexity must be between 0 and 10.");
        }

        if (options.PageDuration < TimeSpan.FromMilliseconds(20) || options.PageDuration > TimeSpan.FromSeconds(5))
        {
            failures.Add("Archive:PageDuration must be between 20 ms and 5 s.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
