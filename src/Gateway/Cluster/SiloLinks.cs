using System.Collections.Concurrent;
using Microsoft.Extensions.Options;

namespace LiveTranscription.Gateway.Cluster;

/// <summary>
/// The gateway's links, one per session in use here, over one HTTP/2 client (several connections per silo when the
/// stream limit is reached). Closes idle links; moves the links of a silo that left the live set.
/// </summary>
internal sealed class SiloLinks : BackgroundService
{
    private readonly ConcurrentDictionary<string, SessionLink> _links = new();

    public SiloLinks(ClusterView view, IOptions<SessionLinkOptions> options, IOptions<GatewayOptions> gateway, LinkMetrics metrics, TimeProvider time, ILogger<SessionLink> logger)
    {
        View = view;
        Metrics = metrics;
        Options = options.Value;
        GatewayId = gateway.Value.GatewayId;
        Time = time;
        Logger = logger;
        Http = new HttpClient(new SocketsHttpHandler
        {
            EnableMultipleHttp2Connections = true, // past Kestrel's per-connection stream limit, open another connection
            ConnectTimeout = options.Value.OpenTimeout,
            KeepAlivePingDelay = TimeSpan.FromSeconds(10),
            KeepAlivePingTimeout = TimeSpan.FromSeconds(10),
            KeepAlivePingPolicy = HttpKeepAlivePingPolicy.WithActiveRequests,
            PooledConnectionIdleTimeout = TimeSpan.FromMinutes(5),
        })
        {
            Timeout = Timeout.InfiniteTimeSpan, // streams live as long as their session
        };
        view.SiloLost += OnSiloLost;
    }

    public ClusterView View { get; }

    public LinkMetrics Metrics { get; }

    public SessionLinkOptions Options { get; }

    public string GatewayId { get; }

    public TimeProvider Time { get; }

    public ILogger Logger { get; }

    public HttpClient Http { get; }

    public int Count => _links.Count;

    public SessionLink Get(string sessionId) => _links.GetOrAdd(sessionId, id => new SessionLink(id, this));

    private void OnSiloLost(string siloId)
    {
        foreach (var link in _links.Values)
        {
            link.OnSiloLost(siloId);
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1), Time);
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
        {
            foreach (var (id, link) in _links)
            {
                if (link.IsIdle && Time.GetElapsedTime(link.LastActivity) > Options.IdleTimeout && _links.TryRemove(KeyValuePair.Create(id, link)))
                {
                    await link.CloseAsync().ConfigureAwait(false);
                }
            }
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken).ConfigureAwait(false);
        foreach (var link in _links.Values)
        {
            await link.CloseAsync().ConfigureAwait(false);
        }

        Http.Dispose();
    }
}
