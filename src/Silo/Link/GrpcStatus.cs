namespace LiveTranscription.Silo.Link;

/// <summary>The gRPC status codes the link uses (grpc-status trailer).</summary>
internal static class GrpcStatus
{
    public const int Ok = 0;
    public const int Cancelled = 1;
    public const int InvalidArgument = 3;
    public const int ResourceExhausted = 8;
}
