namespace LiveTranscription.Runtime.Directory;

/// <summary>This silo takes no new activations (it is draining, or not yet a cluster member).</summary>
public sealed class SiloNotAcceptingException(string reason) : Exception(reason);
