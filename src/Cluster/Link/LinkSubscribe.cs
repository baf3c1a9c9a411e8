namespace LiveTranscription.Cluster.Link;

/// <summary>
/// The argument of a link <c>Subscribe</c> call. <see cref="LastFinal"/> is set when the gateway re-establishes the
/// subscription after its stream broke: the highest final segment id it received (-1 for none), so the session sends
/// it what it missed.
/// </summary>
public sealed record LinkSubscribe(string SubscriptionId, long? LastFinal);
