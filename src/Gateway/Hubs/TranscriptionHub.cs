using LiveTranscription.Gateway.Connections;
using LiveTranscription.Gateway.Sessions;
using LiveTranscription.Grains.Abstractions.Protocol;
using Microsoft.AspNetCore.SignalR;

namespace LiveTranscription.Gateway.Hubs;

/// <summary>
/// The public protocol (docs/protocol.md), hub at <c>/hubs/transcription</c>. Thin: each method routes to
/// <see cref="SessionGateway"/>; protocol errors are turned into <c>error</c> events by <see cref="ProtocolErrorFilter"/>.
/// </summary>
internal sealed class TranscriptionHub(SessionGateway sessions, ConnectionRegistry connections) : Hub
{
    private ClientConnection Caller => connections.Get(Context.ConnectionId);

    public override Task OnConnectedAsync()
    {
        connections.Add(Context);
        return base.OnConnectedAsync();
    }

    public override async Task OnDisconnectedAsync(Exception? exception)
    {
        if (connections.Remove(Context.ConnectionId) is { } connection)
        {
            await sessions.DisconnectedAsync(connection);
        }

        await base.OnDisconnectedAsync(exception);
    }

    public Task<SessionAck> StartSession(StartSessionRequest? request) => sessions.StartAsync(Caller, request);

    /// <summary>
    /// <paramref name="audio"/> is the chunk's bytes as base64: what the JSON protocol sends for a byte
    /// array. Taking the string lets malformed base64 get INVALID_AUDIO_FORMAT instead of a binding failure.
    /// </summary>
    public Task SendAudio(string sessionId, long sequence, string? audio) => sessions.SendAudioAsync(Caller, sessionId, sequence, audio);

    public Task<SessionComplete> EndSession(string sessionId) => sessions.EndAsync(Caller, sessionId);

    public Task PauseSession(string sessionId) => sessions.PauseAsync(Caller, sessionId);

    public Task ResumeSession(string sessionId) => sessions.ResumeAsync(Caller, sessionId);

    public Task<JoinAck> JoinSession(string sessionId, JoinSessionRequest? options) => sessions.JoinAsync(Caller, sessionId, options);

    public Task LeaveSession(string sessionId) => sessions.LeaveAsync(Caller, sessionId);

    public Task<SessionStatus> GetSessionStatus(string sessionId) => sessions.GetStatusAsync(sessionId);
}
