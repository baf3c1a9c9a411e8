using Amazon.Runtime;
using Amazon.Runtime.Credentials;
using Microsoft.Extensions.Options;

namespace LiveTranscription.Grains.Engines.Transcribe;

/// <summary>
/// Amazon Transcribe streaming over its WebSocket API: <c>aws</c> (standard) or <c>aws-medical</c>.
/// Credentials come from the default chain (environment, profile, ECS task role, instance role) and are
/// resolved for every connection, so rotated role credentials are picked up.
/// </summary>
public sealed class TranscribeEngine(IOptions<TranscribeOptions> transcribeOptions, IOptions<EngineOptions> engineOptions, bool medical) : ISpeechEngine
{
    public const string StandardName = "aws";
    public const string MedicalName = "aws-medical";

    public string Name => medical ? MedicalName : StandardName;

    public bool Medical => medical;

    public TranscribeOptions Options => transcribeOptions.Value;

    public bool SupportsLanguage(string languageCode)
        => medical ? languageCode == "en-US" : transcribeOptions.Value.Languages.Contains(languageCode, StringComparer.OrdinalIgnoreCase);

    public string? CheckSampleRate(int sampleRate)
        => medical && sampleRate < 16000 ? "Transcribe Medical needs audio of at least 16 kHz: start the session with quality medium or high." : null;

    public Task<IEngineStream> StartStreamAsync(EngineStreamOptions options, IEngineResultSink sink, CancellationToken cancellationToken)
        => ThreadedEngineStream.StartOrDisposeAsync(new TranscribeStream(this, options, engineOptions.Value.MaxBufferedAudio, sink), cancellationToken);

    /// <summary>The presigned URL of a new stream (valid 5 minutes: only the handshake needs it).</summary>
    public async Task<Uri> StreamUrlAsync(EngineStreamOptions stream, int sampleRate, CancellationToken cancellationToken)
    {
        var o = transcribeOptions.Value;
        var baseUrl = o.Endpoint?.TrimEnd('/') ?? $"wss://transcribestreaming.{o.Region}.amazonaws.com:8443";
        var url = new Uri($"{baseUrl}/{(medical ? "medical-stream-transcription-websocket" : "stream-transcription-websocket")}");
        var parameters = new Dictionary<string, string>
        {
            ["language-code"] = stream.LanguageCode,
            ["media-encoding"] = "pcm",
            ["sample-rate"] = sampleRate.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["session-id"] = stream.SessionId,
        };
        if (medical)
        {
            parameters["specialty"] = o.MedicalSpecialty;
            parameters["type"] = o.MedicalType;
            Add(parameters, "content-identification-type", o.MedicalContentIdentificationType);
        }
        else
        {
            Add(parameters, "vocabulary-name", o.VocabularyName);
            Add(parameters, "vocabulary-filter-name", o.VocabularyFilterName);
            Add(parameters, "vocabulary-filter-method", o.VocabularyFilterMethod);
            if (o.EnablePartialResultsStabilization)
            {
                parameters["enable-partial-results-stabilization"] = "true";
                parameters["partial-results-stability"] = o.PartialResultsStability;
            }

            Add(parameters, "content-identification-type", o.ContentIdentificationType);
            Add(parameters, "content-redaction-type", o.ContentRedactionType);
            Add(parameters, "pii-entity-types", o.PiiEntityTypes);
        }

        if (o.ShowSpeakerLabel)
        {
            parameters["show-speaker-label"] = "true";
        }

        var credentials = await ResolveCredentialsAsync(cancellationToken).ConfigureAwait(false);
        return SigV4QuerySigner.Presign(url, parameters, "transcribe", o.Region, credentials, DateTime.UtcNow, TimeSpan.FromMinutes(5));
    }

    private static async Task<ImmutableCredentials> ResolveCredentialsAsync(CancellationToken cancellationToken)
    {
        using var resolver = new DefaultAWSCredentialsIdentityResolver();
        var credentials = await resolver.ResolveIdentityAsync(null!, cancellationToken).ConfigureAwait(false);
        return await credentials.GetCredentialsAsync().ConfigureAwait(false);
    }

    private static void Add(Dictionary<string, string> parameters, string key, string? value)
    {
        if (!string.IsNullOrWhiteSpace(value))
        {
            parameters[key] = value;
        }
    }
}
