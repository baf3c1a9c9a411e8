using System.Runtime.InteropServices;
using Microsoft.Extensions.Options;

namespace LiveTranscription.Grains.Engines.PocketSphinx;

/// <summary>Fails startup with the Debian package to install when the library or model is missing.</summary>
internal sealed class PocketSphinxOptionsValidator : IValidateOptions<PocketSphinxOptions>
{
    public ValidateOptionsResult Validate(string? name, PocketSphinxOptions options)
    {
        if (!options.Enabled)
        {
            return ValidateOptionsResult.Success;
        }

        var failures = new List<string>();
        foreach (var lib in new[] { PocketSphinxNative.PocketSphinx, PocketSphinxNative.SphinxBase })
        {
            if (!NativeLibrary.TryLoad(lib, out var handle))
            {
                failures.Add($"The offline engine needs {lib}: install the Debian package 'pocketsphinx' (apt-get install pocketsphinx pocketsphinx-en-us), or set Engines:Offline:Enabled=false.");
            }
            else
            {
                NativeLibrary.Free(handle);
            }
        }

        foreach (var path in new[] { options.PathOf(options.AcousticModel), options.PathOf(options.LanguageModel), options.PathOf(options.Dictionary) })
        {
            if (!File.Exists(path) && !System.IO.Directory.Exists(path))
            {
                failures.Add($"The offline engine's model file {path} is missing: install the Debian package 'pocketsphinx-en-us' or set Engines:Offline:ModelDirectory.");
            }
        }

        if (options.EndOfSpeechSilence < TimeSpan.FromMilliseconds(100) || options.EndOfSpeechSilence > TimeSpan.FromSeconds(3))
        {
            failures.Add("Engines:Offline:EndOfSpeechSilence must be between 0.1 s and 3 s.");
        }

        if (options.PartialInterval <= TimeSpan.Zero)
        {
            failures.Add("Engines:Offline:PartialInterval must be positive.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
