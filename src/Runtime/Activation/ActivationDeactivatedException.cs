namespace LiveTranscription.Runtime.Activation;

/// <summary>The activation was deactivating when the request arrived; the caller retries on a new one.</summary>
internal sealed class ActivationDeactivatedException() : Exception("The activation is deactivating.");
