using System.Text.Json.Serialization;

namespace LiveTranscription.Grains.Abstractions.Protocol;

/// <summary>Error codes of the public protocol (docs/protocol.md). Serialized as UPPER_SNAKE strings.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<ErrorCode>))]
public enum ErrorCode
{
    /// <summary>Audio chunk is malformed: odd byte count, too large or small, gap in sequence.</summary>
    [JsonStringEnumMemberName("INVALID_AUDIO_FORMAT")] InvalidAudioFormat,
    /// <summary>The call is not allowed in the session's current state.</summary>
    [JsonStringEnumMemberName("INVALID_SESSION_STATE")] InvalidSessionState,
    /// <summary>No session with that id exists.</summary>
    [JsonStringEnumMemberName("SESSION_NOT_FOUND")] SessionNotFound,
    /// <summary>The caller is not the speaker that started the session.</summary>
    [JsonStringEnumMemberName("NOT_SESSION_OWNER")] NotSessionOwner,
    /// <summary>The silo is at capacity; retry after <c>retryAfter</c> seconds.</summary>
    [JsonStringEnumMemberName("SESSION_LIMIT_EXCEEDED")] SessionLimitExceeded,
    /// <summary>The session's audio buffer is full or its maximum duration was reached.</summary>
    [JsonStringEnumMemberName("BUFFER_OVERFLOW")] BufferOverflow,
    /// <summary>No audio arrived within the idle timeout.</summary>
    [JsonStringEnumMemberName("SESSION_TIMEOUT")] SessionTimeout,
    /// <summary>The connection sends more chunks per second than allowed.</summary>
    [JsonStringEnumMemberName("RATE_LIMITED")] RateLimited,
    /// <summary>The speech engine failed.</summary>
    [JsonStringEnumMemberName("TRANSCRIBE_SERVICE_ERROR")] TranscribeServiceError,
    /// <summary>Records or the audio archive could not be written.</summary>
    [JsonStringEnumMemberName("STORAGE_ERROR")] StorageError,
    /// <summary>A request field is malformed (session id, quality, encoding, engine, language). Extension of the list.</summary>
    [JsonStringEnumMemberName("INVALID_REQUEST")] InvalidRequest,
    /// <summary>An unexpected server failure (e.g. a timeout inside the cluster); retry. Extension of the list.</summary>
    [JsonStringEnumMemberName("INTERNAL_ERROR")] InternalError,
}

/// <summary>Helpers over <see cref="ErrorCode"/>.</summary>
public static class ErrorCodes
{
    private static readonly Dictionary<ErrorCode, string> WireNames = Enum.GetValues<ErrorCode>().ToDictionary(
        c => c,
        c => typeof(ErrorCode).GetField(c.ToString())!.GetCustomAttributes(typeof(JsonStringEnumMemberNameAttribute), false)
            .Cast<JsonStringEnumMemberNameAttribute>().Single().Name);

    /// <summary>The protocol's name of the code, e.g. <c>INVALID_AUDIO_FORMAT</c>.</summary>
    public static string ToWireName(this ErrorCode code) => WireNames[code];
}
