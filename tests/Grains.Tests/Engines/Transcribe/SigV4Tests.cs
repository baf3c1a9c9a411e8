using System.Web;
using Amazon.Runtime;
using LiveTranscription.Grains.Engines.Transcribe;

namespace LiveTranscription.Grains.Tests.Engines.Transcribe;

/// <summary>Presigned URLs: AWS's published example, and the Transcribe URL checked by an independent verifier.</summary>
public sealed class SigV4Tests
{
    // AWS documentation, "Authenticating Requests: Using Query Parameters (AWS Signature Version 4)", S3 example.
    private static readonly ImmutableCredentials Example = new("AKIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", null);
    private static readonly DateTime At = new(2026, 11, 21, 8, 0, 0, DateTimeKind.Utc);

    [Fact]
    public void TheSigner_ReproducesAwsPublishedPresignedUrlExample()
    {
        var url = SigV4QuerySigner.Presign(new Uri("https://examplebucket.s3.amazonaws.com/test.txt"), new Dictionary<string, string>(),
            "s3", "us-east-1", Example, new DateTime(2013, 5, 24, 0, 0, 0, DateTimeKind.Utc), TimeSpan.FromSeconds(86400));

        var query = HttpUtility.ParseQueryString(url.Query);
        Assert.Equal("aeeed9bbccd4d02ee5c0109b86d86835f995330da4c265957d157751f604d404", query["X-Amz-Signature"]);
        Assert.Equal("AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request", query["X-Amz-Credential"]);
    }

    [Fact]
    public void ATranscribeStreamUrl_IsSignedWithItsPortAndSessionToken_AndPassesTheIndependentVerifier()
    {
        var credentials = new ImmutableCredentials("AKIDLOCALTEST", "local/secret+key=", "session token/with+specials");
        var url = SigV4QuerySigner.Presign(
            new Uri("wss://transcribestreaming.eu-west-1.amazonaws.com:8443/stream-transcription-websocket"),
            new Dictionary<string, string> { ["language-code"] = "en-US", ["media-encoding"] = "pcm", ["sample-rate"] = "16000", ["session-id"] = "3f0c7a52-8d1e-4c61-9a43-0b7b2b0d9e11" },
            "transcribe", "eu-west-1", credentials, At, TimeSpan.FromSeconds(300));
        string? Secret(string key) => key == "AKIDLOCALTEST" ? "local/secret+key=" : null;

        var query = HttpUtility.ParseQueryString(url.Query);
        Assert.Equal("session token/with+specials", query["X-Amz-Security-Token"]);
        Assert.Equal("AKIDLOCALTEST/20261121/eu-west-1/transcribe/aws4_request", query["X-Amz-Credential"]);
        Assert.Null(SigV4QueryVerifier.Verify(url, "transcribestreaming.eu-west-1.amazonaws.com:8443", "transcribe", Secret, At.AddSeconds(10)));

        Assert.Equal("The signature does not match.", SigV4QueryVerifier.Verify(url, "transcribestreaming.eu-west-1.amazonaws.com", "transcribe", Secret, At));
        Assert.Equal("The signature does not match.", SigV4QueryVerifier.Verify(new Uri(url.ToString().Replace("16000", "48000", StringComparison.Ordinal)), "transcribestreaming.eu-west-1.amazonaws.com:8443", "transcribe", Secret, At));
        Assert.Equal("The signature has expired or is not yet valid.", SigV4QueryVerifier.Verify(url, "transcribestreaming.eu-west-1.amazonaws.com:8443", "transcribe", Secret, At.AddSeconds(301)));
        Assert.Equal("The access key is not known.", SigV4QueryVerifier.Verify(url, "transcribestreaming.eu-west-1.amazonaws.com:8443", "transcribe", _ => null, At));
    }
}
