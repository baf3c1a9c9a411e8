using System.Text.RegularExpressions;

namespace LiveTranscription.Providers.DynamoDb.Shared;

/// <summary>
/// Fails the silo (or client) start when a provider's table name is not a valid DynamoDB table name
/// (3 to 255 characters among letters, digits, '_', '-' and '.'), instead of failing at the first request.
/// </summary>
internal sealed partial class TableNameValidator(string provider, string? tableName) : IConfigurationValidator
{
    public void ValidateConfiguration()
    {
        if (tableName is null || !ValidName().IsMatch(tableName))
        {
            throw new OrleansConfigurationException(
                $"{provider}: TableName '{tableName}' is not a valid DynamoDB table name (3 to 255 characters: letters, digits, '_', '-', '.').");
        }
    }

    [GeneratedRegex("^[a-zA-Z0-9_.-]{3,255}$")]
    private static partial Regex ValidName();
}
