namespace LiveTranscription.TranscribeLocal;

/// <summary>Section <c>Local</c>: the one key pair the endpoint accepts (test credentials only, never real ones).</summary>
public sealed class LocalOptions
{
    public string AccessKeyId { get; set; } = "AKIDLOCALTRANSCRIBE";

    public string SecretAccessKey { get; set; } = "local-transcribe-secret";
}
