using System.Collections.Concurrent;
using LiveTranscription.Gateway.Hubs;
using Microsoft.AspNetCore.SignalR;

namespace LiveTranscription.Gateway.Tests.Fanout;

/// <summary>Records what would be sent to each connection (unit tests of fan-out only; e2e tests use real SignalR).</summary>
internal sealed class RecordingHubContext : IHubContext<TranscriptionHub>, IHubClients
{
    private readonly ConcurrentDictionary<string, ConcurrentQueue<(string Method, object? Payload)>> _sent = new();

    public Func<Task>? BeforeSend { get; set; }

    public IHubClients Clients => this;

    public IGroupManager Groups => throw new NotSupportedException();

    public IReadOnlyList<(string Method, object? Payload)> SentTo(string connectionId)
        => _sent.TryGetValue(connectionId, out var q) ? [.. q] : [];

    public IClientProxy Client(string connectionId) => new Proxy(this, connectionId);

    public IClientProxy All => throw new NotSupportedException();

    public IClientProxy AllExcept(IReadOnlyList<string> excludedConnectionIds) => throw new NotSupportedException();

    IClientProxy IHubClients<IClientProxy>.Clients(IReadOnlyList<string> connectionIds) => throw new NotSupportedException();

    public IClientProxy Group(string groupName) => throw new NotSupportedException();

    public IClientProxy GroupExcept(string groupName, IReadOnlyList<string> excludedConnectionIds) => throw new NotSupportedException();

    IClientProxy IHubClients<IClientProxy>.Groups(IReadOnlyList<string> groupNames) => throw new NotSupportedException();

    public IClientProxy User(string userId) => throw new NotSupportedException();

    public IClientProxy Users(IReadOnlyList<string> userIds) => throw new NotSupportedException();

    private sealed class Proxy(RecordingHubContext owner, string connectionId) : IClientProxy
    {
        public async Task SendCoreAsync(string method, object?[] args, CancellationToken cancellationToken = default)
        {
            if (owner.BeforeSend is { } before)
            {
                await before();
            }

            owner._sent.GetOrAdd(connectionId, _ => new()).Enqueue((method, args.Length > 0 ? args[0] : null));
        }
    }
}
