namespace LiveTranscription.Runtime.Grains;

/// <summary>Why an activation is going away.</summary>
public enum DeactivationReason
{
    /// <summary>The grain asked for it (<c>DeactivateOnIdle</c>).</summary>
    ApplicationRequested,

    /// <summary>The silo is shutting down.</summary>
    ShuttingDown,

    /// <summary><c>OnActivateAsync</c> failed.</summary>
    ActivationFailed,
}
