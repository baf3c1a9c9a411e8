using Amazon.Runtime;
using Amazon.Runtime.Endpoints;
using Amazon.Runtime.Internal;
using Amazon.Runtime.Internal.Auth;

namespace LiveTranscription.Grains.Engines.Transcribe;

/// <summary>
/// SigV4 query-string signing (presigned URLs) through AWSSDK.Core's <see cref="AWS4PreSignedUrlSigner"/>,
/// which matches the official JS implementation byte for byte (REGISTRY.md). Used for the Transcribe
/// streaming WebSocket URL; the service name is a parameter so AWS's published S3 example checks it.
/// </summary>
public static class SigV4QuerySigner
{
    /// <summary>
    /// Returns <paramref name="url"/> with its query parameters plus the <c>X-Amz-*</c> signature parameters.
    /// <paramref name="url"/>'s host (with a non-default port) is the signed <c>host</c> header.
    /// </summary>
    public static Uri Presign(Uri url, IReadOnlyDictionary<string, string> parameters, string service, string region,
        ImmutableCredentials credentials, DateTime signedAtUtc, TimeSpan expires)
    {
        var origin = new Uri(url.GetLeftPart(UriPartial.Authority));
        var request = new DefaultRequest(new SigningRequest(), service)
        {
            HttpMethod = "GET",
            Endpoint = origin,
            ResourcePath = url.AbsolutePath,
            UseQueryString = true,
            AuthenticationRegion = region,
        };
        request.Headers["host"] = url.IsDefaultPort ? url.Host : $"{url.Host}:{url.Port}";
        foreach (var (key, value) in parameters)
        {
            request.Parameters[key] = value;
        }

        request.Parameters["X-Amz-Expires"] = ((long)expires.TotalSeconds).ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (credentials.UseToken)
        {
            request.Parameters["X-Amz-Security-Token"] = credentials.Token;
        }

        var result = AWS4PreSignedUrlSigner.SignRequest(request, new SigningConfig(service), null,
            credentials.AccessKey, credentials.SecretKey, service, region, signedAtUtc);
        var query = string.Join('&', request.Parameters
            .Where(p => !p.Key.StartsWith("X-Amz-", StringComparison.Ordinal) || p.Key is "X-Amz-Expires" or "X-Amz-Security-Token")
            .OrderBy(p => p.Key, StringComparer.Ordinal)
            .Select(p => $"{Uri.EscapeDataString(p.Key)}={Uri.EscapeDataString(p.Value)}"));
        return new UriBuilder(url) { Query = $"{query}&{result.ForQueryParameters}" }.Uri;
    }

    private sealed class SigningRequest : AmazonWebServiceRequest
    {
    }

    /// <summary>The signer reads a few settings from a client config; nothing here calls a service.</summary>
    private sealed class SigningConfig(string service) : ClientConfig(new DefaultConfigurationProvider(
        [new DefaultConfiguration { Name = DefaultConfigurationMode.Standard }]))
    {
        public override string ServiceVersion => "2017-10-26";

        public override string UserAgent => "LiveTranscription";

        public override string RegionEndpointServiceName => service;

        public override Endpoint DetermineServiceOperationEndpoint(ServiceOperationEndpointParameters parameters)
            => throw new NotSupportedException("Only used for signing.");
    }
}
