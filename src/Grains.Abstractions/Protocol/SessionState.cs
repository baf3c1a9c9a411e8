using System.Text.Json.Serialization;

namespace LiveTranscription.Grains.Abstractions.Protocol;

/// <summary>
/// Session lifecycle: starting → active ⇄ paused → ending → completed | failed.
/// <see cref="None"/> is the state of a session id that was never started.
/// </summary>
[JsonConverter(typeof(JsonStringEnumConverter<SessionState>))]
public enum SessionState
{
    [JsonStringEnumMemberName("none")] None,
    [JsonStringEnumMemberName("starting")] Starting,
    [JsonStringEnumMemberName("active")] Active,
    [JsonStringEnumMemberName("paused")] Paused,
    [JsonStringEnumMemberName("ending")] Ending,
    [JsonStringEnumMemberName("completed")] Completed,
    [JsonStringEnumMemberName("failed")] Failed,
}

/// <summary>Helpers over <see cref="SessionState"/>.</summary>
public static class SessionStates
{
    /// <summary>True for states in which the session has finished for good.</summary>
    public static bool IsTerminal(this SessionState state) => state is SessionState.Completed or SessionState.Failed;

    /// <summary>True while the session holds a capacity slot and accepts control calls.</summary>
    public static bool IsLive(this SessionState state) => state is SessionState.Starting or SessionState.Active or SessionState.Paused;
}
