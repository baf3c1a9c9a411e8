namespace LiveTranscription.Providers.DynamoDb.Tests;

public sealed class SmokeTests
{
    [Fact]
    public void Builds() => Assert.NotNull(typeof(Orleans.IGrainFactory));
}
