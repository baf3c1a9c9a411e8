using LiveTranscription.Cluster.Link;
using LiveTranscription.Grains.Abstractions.Protocol;
using LiveTranscription.Grains.Abstractions.Sessions;

namespace LiveTranscription.Cluster.Tests.Link;

public sealed class LinkErrorsTests
{
    [Fact]
    public void ProtocolErrors_CrossTheLink_Unchanged()
    {
        foreach (var code in Enum.GetValues<ErrorCode>())
        {
            var sent = new SessionException(code, "why", recoverable: true, retryAfter: TimeSpan.FromSeconds(1.5), expectedSequence: 42);
            var error = LinkErrors.From(sent);
            Assert.Equal(code.ToWireName(), error.Code);
            var received = LinkErrors.ToException(error)!;
            Assert.Equal((code, "why", true, TimeSpan.FromSeconds(1.5), 42L), (received.Code, received.Message, received.Recoverable, received.RetryAfter!.Value, received.ExpectedSequence!.Value));
        }
    }

    [Fact]
    public void LinkLevelErrors_AreNotProtocolErrors()
    {
        Assert.Null(LinkErrors.ToException(LinkErrors.Owned("silo-1@1")));
        Assert.Null(LinkErrors.ToException(LinkErrors.Unavailable("draining")));
        Assert.Equal("silo-1@1", LinkErrors.Owned("silo-1@1").OwnerSiloId);
    }
}
