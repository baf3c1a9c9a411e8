namespace LiveTranscription.Cluster.Link;

/// <summary>Names of the <c>ISessionGrain</c> calls a link <c>Call</c> message carries, with their JSON argument.</summary>
public static class LinkMethods
{
    /// <summary>Argument: the <c>StartSessionCommand</c> (its caller is the call's client).</summary>
    public const string Start = "Start";
    public const string End = "End";
    public const string Pause = "Pause";
    public const string Resume = "Resume";

    /// <summary>Argument: the language code as a JSON string, or empty for the session's.</summary>
    public const string Join = "Join";
    public const string Leave = "Leave";
    public const string Status = "Status";
    public const string Disconnected = "Disconnected";

    /// <summary>Argument: a <see cref="LinkSubscribe"/>; the stream itself receives the notifications.</summary>
    public const string Subscribe = "Subscribe";

    /// <summary>Argument: the subscription id as a JSON string.</summary>
    public const string Unsubscribe = "Unsubscribe";
}
