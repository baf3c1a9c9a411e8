namespace LiveTranscription.Cluster.Link;

/// <summary>The link's gRPC method path (service <c>livetranscription.link.v1.SessionLink</c>).</summary>
public static class LinkPaths
{
    public const string Open = "/livetranscription.link.v1.SessionLink/Open";
}
