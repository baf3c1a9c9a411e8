namespace LiveTranscription.Cluster.Membership;

/// <summary>Where a new session goes: the less loaded of two random live silos with spare capacity (power of two choices).</summary>
public static class Placement
{
    public static SiloEntry? Choose(IReadOnlyList<SiloEntry> live, Random random)
    {
        var candidates = live.Where(s => s.Status == SiloStatus.Active && s.SpareCapacity > 0).ToList();
        if (candidates.Count <= 1)
        {
            return candidates.FirstOrDefault();
        }

        var first = random.Next(candidates.Count);
        var second = random.Next(candidates.Count - 1);
        if (second >= first)
        {
            second++; // two different silos
        }

        var (a, b) = (candidates[first], candidates[second]);
        return Load(a) <= Load(b) ? a : b;
    }

    private static double Load(SiloEntry s) => (double)s.ActiveSessions / Math.Max(1, s.Capacity);
}
