namespace LiveTranscription.Grains.Audio.Opus;

/// <summary>A libopus call failed; <see cref="ErrorCode"/> is the library's negative error code.</summary>
public sealed class OpusException(string operation, int errorCode)
    : Exception($"{operation} failed: {OpusNative.ErrorText(errorCode)} ({errorCode}).")
{
    public int ErrorCode { get; } = errorCode;
}
