using System.Runtime.InteropServices;

namespace LiveTranscription.Grains.Audio.Opus;

/// <summary>Whether libopus can be loaded, with the Debian package to install when it cannot.</summary>
public static class OpusLibrary
{
    public const string DebianPackage = "libopus0";

    /// <summary>The library's version string, or null with the reason when it cannot be loaded.</summary>
    public static string? TryGetVersion(out string? error)
    {
        if (!NativeLibrary.TryLoad(OpusNative.Library, typeof(OpusLibrary).Assembly, null, out var handle))
        {
            error = $"Opus audio needs {OpusNative.Library}: install the Debian package '{DebianPackage}' (apt-get install {DebianPackage}).";
            return null;
        }

        NativeLibrary.Free(handle);
        error = null;
        return Marshal.PtrToStringUTF8(OpusNative.opus_get_version_string());
    }
}
