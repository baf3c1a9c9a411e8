namespace LiveTranscription.Gateway.Connections;

/// <summary>What a connection is in a session. Its fan-out membership lasts while it has any role.</summary>
[Flags]
internal enum SessionRoles
{
    None = 0,
    Speaker = 1,
    Listener = 2,
}
