namespace LiveTranscription.Grains.Abstractions.Protocol;

/// <summary>Options of a listener joining a session.</summary>
public sealed record JoinSessionRequest
{
    /// <summary>Language the listener wants captions in; defaults to the session's language.</summary>
    public string? LanguageCode { get; init; }
}
