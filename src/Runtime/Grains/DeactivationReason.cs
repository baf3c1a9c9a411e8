namespace LiveTranscription.Runtime.Grains;

/// <summary>Why an activation is going away.</summary>
public enum DeactivationReason
{
    /// <summary>The grain asked for it (<c>DeactivateOnIdle</c>).</summary>
    ApplicationRequested,

    /// <summary>The silo is shutting down and nobody takes its grains over (embedded mode).</summary>
    ShuttingDown,

    /// <summary><c>OnActivateAsync</c> failed.</summary>
    ActivationFailed,

    /// <summary>
    /// The silo is draining (cluster mode): the grain persists what its successor needs and lets go; another
    /// silo activates it next.
    /// </summary>
    HandOver,

    /// <summary>
    /// The cluster declared this silo dead and another silo owns the grain now: drop everything without writing
    /// (writes would be fenced anyway) and without telling clients (they were moved).
    /// </summary>
    Evicted,
}
