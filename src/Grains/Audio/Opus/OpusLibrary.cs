using System.Runtime.InteropServices;

namespace LiveTranscription.Grains.Audio.Opus;

/// <summary>Whether libopus can be loaded, with the Debian package to install when it cannot.</summary>
public static class OpusLibrary
{
    public const string DebianPackage = "libopus0";

    /// <summary>The library's version string, or null with the reason when it cannot be loaded.</summary>
    public static string? TryGetVersion(out string? error) => TryGetVersion(OpusNative.Library, out error);

    /// <summary>As <see cref="TryGetVersion(out string?)"/> for a library file name (tests probe a missing one).</summary>
    internal static string? TryGetVersion(string library, out string? error)
    {
        if (!NativeLibrary.TryLoad(library, typeof(OpusLibrary).Assembly, null, out var handle))
        {
            error = $"Opus audio needs {library}: install the Debian package '{DebianPackage}' (apt-get install {DebianPackage}).";
            return null;
        }

        NativeLibrary.Free(handle);
        error = null;
        return Marshal.PtrToStringUTF8(OpusNative.opus_get_version_string());
    }
}
