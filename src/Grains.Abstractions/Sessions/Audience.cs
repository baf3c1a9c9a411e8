namespace LiveTranscription.Grains.Abstractions.Sessions;

/// <summary>Who a session notification is for.</summary>
public enum Audience
{
    /// <summary>The speaker and every listener.</summary>
    Everyone,

    /// <summary>Only the speaker connection named in the notification.</summary>
    Speaker,
}
