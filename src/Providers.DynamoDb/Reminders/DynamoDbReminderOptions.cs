namespace LiveTranscription.Providers.DynamoDb.Reminders;

/// <summary>
/// Options of the DynamoDB reminder table. The DynamoDB client is the <see cref="Amazon.DynamoDBv2.IAmazonDynamoDB"/>
/// registered in the silo's services.
/// </summary>
/// <remarks>
/// One item per reminder, keyed by <c>GrainKey</c> = <c>{serviceId}/{grainId}</c> (service id with '%' and '/' escaped)
/// and <c>ReminderName</c>, with <c>ServiceId</c>, <c>GrainId</c>, <c>GrainHash</c> (number), <c>StartAt</c> (ISO 8601),
/// <c>PeriodTicks</c> and <c>ETag</c>. A silo reads the reminders of its hash range with a filtered scan: the table holds
/// only live reminders (a few per grain at most), so a scan stays cheap; keep one table per deployment.
/// </remarks>
public sealed class DynamoDbReminderOptions
{
    /// <summary>The default <see cref="TableName"/>.</summary>
    public const string DefaultTableName = "LiveTranscriptionReminders";

    /// <summary>Gets or sets the DynamoDB table holding the reminders. Default: <c>LiveTranscriptionReminders</c>.</summary>
    public string TableName { get; set; } = DefaultTableName;

    /// <summary>
    /// Gets or sets whether the table is created (on-demand billing, waiting until ACTIVE) when the reminder service starts
    /// and it does not exist. Default: <see langword="false"/>: production tables are provisioned by infrastructure code.
    /// </summary>
    public bool CreateTableIfMissing { get; set; }
}
