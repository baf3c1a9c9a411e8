namespace LiveTranscription.Grains.Records;

/// <summary>
/// What a successor activation needs, beyond the record's other fields, to continue a session that is still in
/// progress (cluster takeover or drain): the speaker's connection and resume token, whether it was paused, and the
/// archive objects written so far (one per owner: the first key, then numbered continuations) and where the
/// last one starts in the session's audio. Never served by the
/// REST API (the token is a secret).
/// </summary>
public sealed record SessionResumeState(
    string ResumeToken,
    string SpeakerGatewayId,
    string SpeakerConnectionId,
    bool Paused,
    IReadOnlyList<string> AudioKeys,
    double PartStartSeconds);
