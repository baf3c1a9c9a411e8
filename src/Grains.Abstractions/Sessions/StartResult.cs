using LiveTranscription.Grains.Abstractions.Protocol;

namespace LiveTranscription.Grains.Abstractions.Sessions;

/// <summary>
/// Result of <see cref="ISessionGrain.StartAsync"/>. <see cref="Watermark"/> is the sequence number
/// of the last notification reflected in the ack: a gateway delivers only later notifications to the
/// caller, so nothing is shown twice.
/// </summary>
public sealed record StartResult(SessionAck Ack, long Watermark);
