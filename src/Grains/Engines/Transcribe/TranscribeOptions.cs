namespace LiveTranscription.Grains.Engines.Transcribe;

/// <summary>Amazon Transcribe streaming (section <c>Engines:Aws</c>): engines <c>aws</c> and <c>aws-medical</c>.</summary>
public sealed class TranscribeOptions
{
    public const string SectionName = "Engines:Aws";

    public bool Enabled { get; set; }

    public string Region { get; set; } = "us-east-1";

    /// <summary>Base URL override (the local endpoint, a private endpoint): <c>ws://127.0.0.1:5090</c>. Null: <c>wss://transcribestreaming.{Region}.amazonaws.com:8443</c>.</summary>
    public string? Endpoint { get; set; }

    /// <summary>Languages offered for <c>aws</c> (Transcribe streaming's list is longer; Medical is en-US only).</summary>
    public string[] Languages { get; set; } = ["en-US", "en-GB", "en-AU", "es-US", "fr-CA", "fr-FR", "de-DE", "it-IT", "pt-BR", "ja-JP", "ko-KR", "zh-CN"];

    public string? VocabularyName { get; set; }

    public string? VocabularyFilterName { get; set; }

    /// <summary><c>remove</c>, <c>mask</c> or <c>tag</c>.</summary>
    public string? VocabularyFilterMethod { get; set; }

    public bool EnablePartialResultsStabilization { get; set; } = true;

    /// <summary><c>low</c>, <c>medium</c> or <c>high</c>.</summary>
    public string PartialResultsStability { get; set; } = "high";

    public bool ShowSpeakerLabel { get; set; }

    /// <summary><c>PII</c> (standard) to tag personal information; Medical uses <see cref="MedicalContentIdentificationType"/>.</summary>
    public string? ContentIdentificationType { get; set; }

    /// <summary><c>PII</c> to redact personal information (standard only).</summary>
    public string? ContentRedactionType { get; set; }

    public string? PiiEntityTypes { get; set; }

    /// <summary>PRIMARYCARE, CARDIOLOGY, NEUROLOGY, ONCOLOGY, RADIOLOGY or UROLOGY.</summary>
    public string MedicalSpecialty { get; set; } = "PRIMARYCARE";

    /// <summary>DICTATION or CONVERSATION.</summary>
    public string MedicalType { get; set; } = "DICTATION";

    /// <summary><c>PHI</c> to tag health information.</summary>
    public string? MedicalContentIdentificationType { get; set; }

    /// <summary>Audio per AudioEvent (Transcribe recommends 50–200 ms; at most 1 s).</summary>
    public TimeSpan EventDuration { get; set; } = TimeSpan.FromMilliseconds(100);

    /// <summary>Consecutive reconnects before the session's engine fails; a stream that ran <see cref="StableStream"/> resets the count.</summary>
    public int MaxReconnects { get; set; } = 5;

    public TimeSpan StableStream { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>First reconnect delay; doubled per attempt, with jitter.</summary>
    public TimeSpan ReconnectDelay { get; set; } = TimeSpan.FromMilliseconds(250);

    /// <summary>A stream this old is ended and a new one opened (Transcribe ends streams at 4 hours).</summary>
    public TimeSpan MaxStreamDuration { get; set; } = TimeSpan.FromHours(3.9);

    /// <summary>How long the end of a stream waits for the last results and the close.</summary>
    public TimeSpan CloseTimeout { get; set; } = TimeSpan.FromSeconds(10);
}
