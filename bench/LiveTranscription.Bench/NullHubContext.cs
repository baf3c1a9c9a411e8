using LiveTranscription.Gateway.Hubs;
using Microsoft.AspNetCore.SignalR;

namespace LiveTranscription.Bench;

/// <summary>Accepts every event and drops it: the bench measures server work, not the transport.</summary>
internal sealed class NullHubContext : IHubContext<TranscriptionHub>, IHubClients, IClientProxy
{
    public IHubClients Clients => this;

    public IGroupManager Groups => throw new NotSupportedException();

    public IClientProxy All => this;

    public IClientProxy AllExcept(IReadOnlyList<string> excludedConnectionIds) => this;

    public IClientProxy Client(string connectionId) => this;

    IClientProxy IHubClients<IClientProxy>.Clients(IReadOnlyList<string> connectionIds) => this;

    public IClientProxy Group(string groupName) => this;

    public IClientProxy GroupExcept(string groupName, IReadOnlyList<string> excludedConnectionIds) => this;

    IClientProxy IHubClients<IClientProxy>.Groups(IReadOnlyList<string> groupNames) => this;

    public IClientProxy User(string userId) => this;

    public IClientProxy Users(IReadOnlyList<string> userIds) => this;

    public Task SendCoreAsync(string method, object?[] args, CancellationToken cancellationToken = default) => Task.CompletedTask;
}
