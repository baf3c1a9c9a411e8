using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace LiveTranscription.Grains.Engines.Transcribe;

/// <summary>
/// Checks a SigV4 presigned URL (signed header <c>host</c>, empty payload) against known credentials, as the
/// service would: written from the SigV4 specification, independently of AWSSDK.Core's signer, so each
/// checks the other. The local Transcribe-protocol endpoint verifies clients with it.
/// </summary>
public static class SigV4QueryVerifier
{
    private static readonly string EmptyPayloadHash = Hex(SHA256.HashData([]));

    /// <summary>Null when the signature is valid at <paramref name="nowUtc"/>, else why not.</summary>
    public static string? Verify(Uri url, string hostHeader, string service, Func<string, string?> secretKeyOf, DateTime nowUtc)
    {
        var query = ParseQuery(url.Query);
        string? Get(string key) => query.FirstOrDefault(p => p.Key == key).Value;
        if (Get("X-Amz-Algorithm") != "AWS4-HMAC-SHA256")
        {
            return "X-Amz-Algorithm must be AWS4-HMAC-SHA256.";
        }

        var credential = Get("X-Amz-Credential")?.Split('/');
        if (credential is not { Length: 5 } || credential[3] != service || credential[4] != "aws4_request")
        {
            return $"X-Amz-Credential must be <key>/<date>/<region>/{service}/aws4_request.";
        }

        if (Get("X-Amz-SignedHeaders") != "host")
        {
            return "X-Amz-SignedHeaders must be host.";
        }

        if (!DateTime.TryParseExact(Get("X-Amz-Date"), "yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture,
                DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var signedAt)
            || !int.TryParse(Get("X-Amz-Expires"), CultureInfo.InvariantCulture, out var expires) || expires is < 1 or > 300)
        {
            return "X-Amz-Date and X-Amz-Expires (1–300 s) are required.";
        }

        if (nowUtc < signedAt.AddMinutes(-5) || nowUtc > signedAt.AddSeconds(expires))
        {
            return "The signature has expired or is not yet valid.";
        }

        if (secretKeyOf(credential[0]) is not { } secret)
        {
            return "The access key is not known.";
        }

        var canonicalQuery = string.Join('&', query
            .Where(p => p.Key != "X-Amz-Signature")
            .Select(p => (Key: Encode(p.Key), Value: Encode(p.Value)))
            .OrderBy(p => p.Key, StringComparer.Ordinal).ThenBy(p => p.Value, StringComparer.Ordinal)
            .Select(p => $"{p.Key}={p.Value}"));
        var canonicalRequest = $"GET\n{url.AbsolutePath}\n{canonicalQuery}\nhost:{hostHeader}\n\nhost\n{EmptyPayloadHash}";
        var scope = $"{credential[1]}/{credential[2]}/{credential[3]}/aws4_request";
        var toSign = $"AWS4-HMAC-SHA256\n{Get("X-Amz-Date")}\n{scope}\n{Hex(SHA256.HashData(Encoding.UTF8.GetBytes(canonicalRequest)))}";
        var key = Hmac(Encoding.UTF8.GetBytes("AWS4" + secret), credential[1]);
        key = Hmac(key, credential[2]);
        key = Hmac(key, credential[3]);
        key = Hmac(key, "aws4_request");
        var expected = Hex(Hmac(key, toSign));
        var actual = Get("X-Amz-Signature") ?? string.Empty;
        return CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(expected), Encoding.ASCII.GetBytes(actual))
            ? null
            : "The signature does not match.";
    }

    private static List<KeyValuePair<string, string>> ParseQuery(string query) =>
    [
        .. query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries).Select(p =>
        {
            var i = p.IndexOf('=', StringComparison.Ordinal);
            return i < 0
                ? new KeyValuePair<string, string>(Uri.UnescapeDataString(p), string.Empty)
                : new KeyValuePair<string, string>(Uri.UnescapeDataString(p[..i]), Uri.UnescapeDataString(p[(i + 1)..]));
        }),
    ];

    /// <summary>SigV4 URI encoding: unreserved characters as they are, everything else %XX (upper case).</summary>
    private static string Encode(string value)
    {
        var sb = new StringBuilder();
        foreach (var b in Encoding.UTF8.GetBytes(value))
        {
            var c = (char)b;
            if (char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or '~')
            {
                sb.Append(c);
            }
            else
            {
                sb.Append('%').Append(b.ToString("X2", CultureInfo.InvariantCulture));
            }
        }

        return sb.ToString();
    }

    private static byte[] Hmac(byte[] key, string data) => HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(data));

    private static string Hex(byte[] bytes) => Convert.ToHexStringLower(bytes);
}
