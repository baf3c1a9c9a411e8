using LiveTranscription.Grains.Abstractions.Protocol;
using LiveTranscription.Grains.Abstractions.Sessions;
using Microsoft.Extensions.Options;

namespace LiveTranscription.Gateway.Sessions;

/// <summary>Turns a client's <see cref="StartSessionRequest"/> into a grain command, or a protocol error.</summary>
internal sealed class StartRequestValidator(IOptions<LiveTranscription.Grains.Sessions.SessionOptions> sessions)
{
    private const int MaxLanguageLength = 35; // BCP-47 practical limit

    public (string SessionId, StartSessionCommand Command) Validate(StartSessionRequest? request, ClientRef caller)
    {
        request ??= new StartSessionRequest();
        string sessionId;
        if (string.IsNullOrEmpty(request.SessionId))
        {
            sessionId = SessionIds.New();
        }
        else
        {
            sessionId = SessionIds.Normalize(request.SessionId)
                ?? throw new SessionException(ErrorCode.InvalidRequest, "sessionId must be a UUID (8-4-4-4-12 hex).");
        }

        var quality = (request.Quality ?? Quality.Medium).ToLowerInvariant();
        var sampleRate = Quality.SampleRateOf(quality)
            ?? throw new SessionException(ErrorCode.InvalidAudioFormat, $"Unknown quality '{request.Quality}'; use low (8 kHz), medium (16 kHz) or high (48 kHz).");

        var encoding = (request.Encoding ?? AudioEncodings.Pcm16).ToLowerInvariant();
        if (AudioEncodings.CheckRate(encoding, sampleRate) is { } unsupported)
        {
            throw new SessionException(ErrorCode.InvalidAudioFormat, unsupported);
        }

        var language = string.IsNullOrWhiteSpace(request.LanguageCode) ? sessions.Value.DefaultLanguage : LanguageOrThrow(request.LanguageCode);

        var command = new StartSessionCommand
        {
            Caller = caller,
            Quality = quality,
            SampleRate = sampleRate,
            Encoding = encoding,
            LanguageCode = language,
            Engine = string.IsNullOrWhiteSpace(request.Engine) ? null : request.Engine.Trim().ToLowerInvariant(),
            ResumeToken = string.IsNullOrEmpty(request.ResumeToken) ? null : request.ResumeToken,
        };
        return (sessionId, command);
    }

    /// <summary>A trimmed BCP-47-shaped tag (letters, digits, '-', at most 35 characters), or INVALID_REQUEST.</summary>
    public string LanguageOrThrow(string languageCode)
    {
        var language = languageCode.Trim();
        return language.Length is > 0 and <= MaxLanguageLength && language.All(c => char.IsAsciiLetterOrDigit(c) || c == '-')
            ? language
            : throw new SessionException(ErrorCode.InvalidRequest, $"languageCode '{languageCode}' is not a language tag like en-US.");
    }
}
