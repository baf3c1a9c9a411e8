namespace LiveTranscription.Providers.DynamoDb.Tests;

/// <summary>The bounds every await in these tests carries, so a hang fails the test with its name.</summary>
internal static class TestTimeouts
{
    /// <summary>One provider call against dynalite on loopback (milliseconds normally).</summary>
    public static readonly TimeSpan Operation = TimeSpan.FromSeconds(15);

    /// <summary>A scenario of many calls (concurrent writers).</summary>
    public static readonly TimeSpan Scenario = TimeSpan.FromSeconds(45);

    /// <summary>Starting or stopping a server process or a cluster.</summary>
    public static readonly TimeSpan Startup = TimeSpan.FromSeconds(60);
}
