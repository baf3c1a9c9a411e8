using System.Runtime.InteropServices;

namespace LiveTranscription.Grains.Audio.Opus;

/// <summary>
/// P/Invoke surface of Debian's libopus (package <c>libopus0</c>, <c>libopus.so.0</c>): only the calls the
/// service uses. An encoder or decoder is used by one caller at a time (a session's turn).
/// </summary>
internal static partial class OpusNative
{
    public const string Library = "libopus.so.0";

    public const int Ok = 0;
    public const int ApplicationVoip = 2048;
    public const int SetBitrateRequest = 4002;
    public const int SetVbrRequest = 4006;
    public const int SetComplexityRequest = 4010;
    public const int SetSignalRequest = 4024;
    public const int GetLookaheadRequest = 4027;
    public const int SignalVoice = 3001;

    [LibraryImport(Library)]
    public static partial nint opus_get_version_string();

    [LibraryImport(Library)]
    public static partial nint opus_strerror(int error);

    [LibraryImport(Library)]
    public static partial nint opus_decoder_create(int fs, int channels, out int error);

    [LibraryImport(Library)]
    public static unsafe partial int opus_decode(nint decoder, byte* data, int len, short* pcm, int frameSize, int decodeFec);

    [LibraryImport(Library)]
    public static partial void opus_decoder_destroy(nint decoder);

    [LibraryImport(Library)]
    public static partial nint opus_encoder_create(int fs, int channels, int application, out int error);

    [LibraryImport(Library)]
    public static unsafe partial int opus_encode(nint encoder, short* pcm, int frameSize, byte* data, int maxDataBytes);

    /// <summary>
    /// <c>opus_encoder_ctl</c> is variadic; binding it with one fixed int (setters) or int* (getters) argument
    /// is what the C caller passes, and is correct on the Linux x86-64 and arm64 calling conventions.
    /// </summary>
    [LibraryImport(Library, EntryPoint = "opus_encoder_ctl")]
    public static partial int opus_encoder_ctl_set(nint encoder, int request, int value);

    [LibraryImport(Library, EntryPoint = "opus_encoder_ctl")]
    public static partial int opus_encoder_ctl_get(nint encoder, int request, out int value);

    [LibraryImport(Library)]
    public static partial void opus_encoder_destroy(nint encoder);

    [LibraryImport(Library)]
    public static unsafe partial int opus_packet_parse(byte* data, int len, out byte toc, nint* frames, short* size, out int payloadOffset);

    [LibraryImport(Library)]
    public static unsafe partial int opus_packet_get_nb_samples(byte* data, int len, int fs);

    [LibraryImport(Library)]
    public static unsafe partial int opus_packet_get_bandwidth(byte* data);

    public static string ErrorText(int error) => Marshal.PtrToStringUTF8(opus_strerror(error)) ?? $"error {error}";
}
