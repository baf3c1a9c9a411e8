namespace LiveTranscription.Grains.Abstractions.Sessions;

/// <summary>A client connection as the grain sees it: which gateway, which connection, which user.</summary>
public sealed record ClientRef(string GatewayId, string ConnectionId, string UserId);
