using Amazon.DynamoDBv2;
using Amazon.Runtime;
using LiveTranscription.TestKit;

namespace LiveTranscription.Providers.DynamoDb.Tests;

/// <summary>One dynalite process (the DynamoDB API, in memory, on a loopback port the OS picks) for a test class.</summary>
public sealed class DynaliteFixture : IAsyncLifetime
{
    private Dynalite _server = null!;

    public string ServiceUrl => _server.ServiceUrl;

    public AmazonDynamoDBClient Client { get; private set; } = null!;

    public static AmazonDynamoDBClient CreateClient(string serviceUrl)
        => new(new BasicAWSCredentials("local", "local"), new AmazonDynamoDBConfig { ServiceURL = serviceUrl, AuthenticationRegion = "us-east-1" });

    public async ValueTask InitializeAsync()
    {
        _server = await Dynalite.StartAsync().WaitAsync(TestTimeouts.Startup);
        Client = CreateClient(_server.ServiceUrl);
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _server.DisposeAsync().AsTask().WaitAsync(TestTimeouts.Startup);
    }
}
