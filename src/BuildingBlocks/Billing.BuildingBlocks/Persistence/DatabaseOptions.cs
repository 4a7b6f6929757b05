namespace Billing.BuildingBlocks.Persistence;

/// <summary>
/// Where module data lives. With <see cref="ConnectionString"/> set, every module uses its own
/// schema in that PostgreSQL database; without it, the embedded default keeps one SQLite file per
/// module under <see cref="DataDirectory"/> so the host runs with nothing installed.
/// </summary>
public sealed class DatabaseOptions
{
    public const string Section = "Database";

    /// <summary>Npgsql connection string; read from <c>ConnectionStrings:Billing</c> when not set here.</summary>
    public string? ConnectionString { get; set; }

    public string DataDirectory { get; set; } = "data";

    /// <summary>Apply pending migrations when the host starts (the default); otherwise run <c>Billing.Host migrate</c>.</summary>
    public bool MigrateOnStartup { get; set; } = true;

    public bool UsesPostgres => !string.IsNullOrWhiteSpace(ConnectionString);
}
