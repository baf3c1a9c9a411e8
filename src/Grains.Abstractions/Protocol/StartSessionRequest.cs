namespace LiveTranscription.Grains.Abstractions.Protocol;

/// <summary>Client request for <c>StartSession</c>. Every field is optional.</summary>
public sealed record StartSessionRequest
{
    /// <summary>Client-generated UUID; makes retries idempotent and enables resume.</summary>
    public string? SessionId { get; init; }

    /// <summary><c>low</c> (8 kHz), <c>medium</c> (16 kHz, default) or <c>high</c> (48 kHz).</summary>
    public string? Quality { get; init; }

    /// <summary><c>pcm16</c>: 16-bit signed little-endian mono.</summary>
    public string? Encoding { get; init; }

    /// <summary>BCP-47 language code, default <c>en-US</c>.</summary>
    public string? LanguageCode { get; init; }

    /// <summary>Speech engine name (<c>offline</c>, <c>synthetic</c>); default from configuration.</summary>
    public string? Engine { get; init; }

    /// <summary>Token from an earlier <see cref="SessionAck"/>; resumes that session on a new connection.</summary>
    public string? ResumeToken { get; init; }
}
