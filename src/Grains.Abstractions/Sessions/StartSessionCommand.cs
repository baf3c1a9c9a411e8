namespace LiveTranscription.Grains.Abstractions.Sessions;

/// <summary>A validated <c>StartSession</c> request as the grain receives it.</summary>
public sealed record StartSessionCommand
{
    public required ClientRef Caller { get; init; }
    public required string Quality { get; init; }
    public required int SampleRate { get; init; }
    public required string Encoding { get; init; }
    public required string LanguageCode { get; init; }

    /// <summary>Engine name, or null for the configured default.</summary>
    public string? Engine { get; init; }

    /// <summary>Present when the speaker resumes the session from a new connection.</summary>
    public string? ResumeToken { get; init; }
}
