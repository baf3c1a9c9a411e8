using LiveTranscription.Grains.Abstractions.Protocol;

namespace LiveTranscription.Grains.Abstractions.Sessions;

/// <summary>Result of <see cref="ISessionGrain.JoinAsync"/>; see <see cref="StartResult"/> for the watermark.</summary>
public sealed record JoinResult(JoinAck Ack, long Watermark);
