using Microsoft.Extensions.Options;

namespace LiveTranscription.Grains.Sessions;

internal sealed class SessionOptionsValidator : IValidateOptions<SessionOptions>
{
    public ValidateOptionsResult Validate(string? name, SessionOptions o)
    {
        var failures = new List<string>();
        void Positive(TimeSpan value, string setting)
        {
            if (value <= TimeSpan.Zero)
            {
                failures.Add($"Sessions:{setting} must be positive (is {value}).");
            }
        }

        Positive(o.HeartbeatInterval, nameof(o.HeartbeatInterval));
        Positive(o.StatusInterval, nameof(o.StatusInterval));
        Positive(o.IdleTimeout, nameof(o.IdleTimeout));
        Positive(o.MaxDuration, nameof(o.MaxDuration));
        Positive(o.DisconnectGrace, nameof(o.DisconnectGrace));
        Positive(o.RetainAfterEnd, nameof(o.RetainAfterEnd));
        Positive(o.UnusedActivationTimeout, nameof(o.UnusedActivationTimeout));
        Positive(o.EngineStartTimeout, nameof(o.EngineStartTimeout));
        Positive(o.FlushTimeout, nameof(o.FlushTimeout));
        Positive(o.Audio.MinChunkDuration, "Audio:MinChunkDuration");
        if (o.Audio.MaxChunkDuration < o.Audio.MinChunkDuration)
        {
            failures.Add("Sessions:Audio:MaxChunkDuration must not be below MinChunkDuration.");
        }

        if (o.Audio.MaxChunkBytes <= 0)
        {
            failures.Add("Sessions:Audio:MaxChunkBytes must be positive.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
