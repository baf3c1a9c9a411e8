using System.Collections.Immutable;
using System.Globalization;

namespace LiveTranscription.Providers.DynamoDb.Clustering;

/// <summary>
/// A snapshot of one cluster's membership item: the table version with its etag, the rows with their etags, and the
/// item's revision (bumped by every write, IAmAlive included; the condition of the next write).
/// </summary>
/// <param name="Revision">The item's revision; <see langword="null"/> when the item does not exist.</param>
/// <param name="Version">The Orleans table version and its etag.</param>
/// <param name="Rows">The rows by silo address (parsable form).</param>
internal sealed record MembershipDocument(long? Revision, TableVersion Version, ImmutableDictionary<string, MembershipRow> Rows)
{
    /// <summary>
    /// The version etag of a cluster without an item: a missing item reads as an empty table at version 0, and a
    /// write based on that read creates the item (on the condition that it still does not exist).
    /// </summary>
    public const string MissingItemEtag = "none";

    public static MembershipDocument Missing { get; } = new(null, new TableVersion(0, MissingItemEtag), ImmutableDictionary<string, MembershipRow>.Empty);

    /// <summary>An empty table at version 0, as <c>InitializeMembershipTable</c> creates it.</summary>
    public static MembershipDocument Empty() => new(0, new TableVersion(0, NewEtag()), ImmutableDictionary<string, MembershipRow>.Empty);

    /// <summary>A fresh etag (row or version): unique, so an etag read before a delete never matches after it.</summary>
    public static string NewEtag() => Guid.NewGuid().ToString("N", CultureInfo.InvariantCulture);

    public MembershipRow? Find(SiloAddress silo) => Rows.GetValueOrDefault(silo.ToParsableString());

    /// <summary>The next revision of the item with <paramref name="rows"/>, at <paramref name="version"/> when given (a new etag then).</summary>
    public MembershipDocument Next(ImmutableDictionary<string, MembershipRow> rows, int? version = null)
        => new((Revision ?? 0) + 1, version is { } v ? new TableVersion(v, NewEtag()) : Version, rows);
}

/// <summary>A membership row and its etag (changed by InsertRow/UpdateRow, kept by UpdateIAmAlive).</summary>
internal sealed record MembershipRow(string ETag, SiloRecord Silo);
