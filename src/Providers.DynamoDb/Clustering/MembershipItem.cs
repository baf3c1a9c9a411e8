using System.Collections.Immutable;
using System.Text.Json;
using Amazon.DynamoDBv2.Model;
using LiveTranscription.Providers.DynamoDb.Shared;

namespace LiveTranscription.Providers.DynamoDb.Clustering;

/// <summary>
/// The layout of a membership item: <c>ClusterId</c> (key), <c>Revision</c>, <c>Version</c>, <c>VersionEtag</c>, and
/// <c>Silos</c>, a map from silo address (<c>ip:port@generation</c>) to <c>{ ETag, Entry }</c>, Entry being the row as JSON.
/// </summary>
internal static class MembershipItem
{
    public const string ClusterId = nameof(ClusterId);
    public const string Revision = nameof(Revision);
    public const string Version = nameof(Version);
    public const string VersionEtag = nameof(VersionEtag);
    public const string Silos = nameof(Silos);
    private const string RowEtag = "ETag";
    private const string RowEntry = "Entry";

    public static Dictionary<string, AttributeValue> Write(string clusterId, MembershipDocument document) => new()
    {
        [ClusterId] = Attributes.S(clusterId),
        [Revision] = Attributes.N(document.Revision ?? 0),
        [Version] = Attributes.N(document.Version.Version),
        [VersionEtag] = Attributes.S(document.Version.VersionEtag),
        [Silos] = new AttributeValue
        {
            M = document.Rows.ToDictionary(
                row => row.Key,
                row => new AttributeValue
                {
                    M = new()
                    {
                        [RowEtag] = Attributes.S(row.Value.ETag),
                        [RowEntry] = Attributes.S(JsonSerializer.Serialize(row.Value.Silo, MembershipJsonContext.Default.SiloRecord)),
                    },
                }),
        },
    };

    public static MembershipDocument Read(Dictionary<string, AttributeValue> item)
    {
        var rows = ImmutableDictionary.CreateBuilder<string, MembershipRow>();
        if (item.TryGetValue(Silos, out var silos) && silos.M is { } map)
        {
            foreach (var (address, row) in map)
            {
                var silo = JsonSerializer.Deserialize(row.M.GetString(RowEntry), MembershipJsonContext.Default.SiloRecord)
                    ?? throw new InvalidDataException($"The membership row of {address} is empty.");
                rows[address] = new MembershipRow(row.M.GetString(RowEtag), silo);
            }
        }

        return new MembershipDocument(
            item.GetLong(Revision),
            new TableVersion(checked((int)item.GetLong(Version)), item.GetString(VersionEtag)),
            rows.ToImmutable());
    }
}
