namespace LiveTranscription.TranscribeLocal;

/// <summary>The query parameters of a stream, checked as Transcribe checks them.</summary>
public sealed record StreamParameters(string LanguageCode, int SampleRate, string SessionId, bool Medical)
{
    private static readonly string[] Specialties = ["PRIMARYCARE", "CARDIOLOGY", "NEUROLOGY", "ONCOLOGY", "RADIOLOGY", "UROLOGY"];

    /// <summary>The parameters, or the <c>BadRequestException</c> message Transcribe would send.</summary>
    public static (StreamParameters? Parameters, string? Error) Parse(IQueryCollection query, bool medical)
    {
        var language = query["language-code"].ToString();
        if (string.IsNullOrEmpty(language))
        {
            return (null, "A language-code is required.");
        }

        if (query["media-encoding"] != "pcm")
        {
            return (null, $"Unsupported media-encoding '{query["media-encoding"]}': this endpoint takes pcm.");
        }

        if (!int.TryParse(query["sample-rate"], out var rate) || rate is < 8000 or > 48000)
        {
            return (null, "sample-rate must be between 8000 and 48000.");
        }

        if (medical)
        {
            if (language != "en-US")
            {
                return (null, "Medical transcription supports en-US only.");
            }

            if (rate < 16000)
            {
                return (null, "Medical transcription needs a sample-rate of at least 16000.");
            }

            var type = query["type"].ToString();
            if (!Specialties.Contains(query["specialty"].ToString()) || (type != "DICTATION" && type != "CONVERSATION"))
            {
                return (null, $"specialty must be one of {string.Join(", ", Specialties)} and type DICTATION or CONVERSATION.");
            }
        }
        else if (language != "en-US")
        {
            return (null, $"This endpoint transcribes en-US only, not {language}.");
        }

        var session = query["session-id"].ToString();
        return (new StreamParameters(language, rate, string.IsNullOrEmpty(session) ? Guid.NewGuid().ToString() : session, medical), null);
    }
}
