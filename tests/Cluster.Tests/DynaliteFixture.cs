using Amazon.DynamoDBv2;
using Amazon.Runtime;
using LiveTranscription.TestKit;

namespace LiveTranscription.Cluster.Tests;

/// <summary>One dynalite process for a test class.</summary>
public sealed class DynaliteFixture : IAsyncLifetime
{
    private Dynalite _server = null!;

    public AmazonDynamoDBClient Client { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        _server = await Dynalite.StartAsync();
        Client = new AmazonDynamoDBClient(new BasicAWSCredentials("local", "local"), new AmazonDynamoDBConfig { ServiceURL = _server.ServiceUrl, AuthenticationRegion = "us-east-1" });
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _server.DisposeAsync();
    }
}
