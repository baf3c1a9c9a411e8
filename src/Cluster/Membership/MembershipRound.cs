namespace LiveTranscription.Cluster.Membership;

/// <summary>What one membership round found: silos this silo declared dead, and silos it saw become dead otherwise.</summary>
public sealed record MembershipRound(IReadOnlyList<string> DeclaredDead, IReadOnlyList<string> Left)
{
    public static MembershipRound None { get; } = new([], []);
}
