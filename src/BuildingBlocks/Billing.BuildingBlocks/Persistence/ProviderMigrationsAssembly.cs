#pragma warning disable EF1001 // MigrationsAssembly is EF's own implementation; we only narrow what it finds.
using System.Reflection;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.EntityFrameworkCore.Migrations.Internal;

namespace Billing.BuildingBlocks.Persistence;

/// <summary>
/// Each module keeps one migration set per provider in the same assembly, in namespaces ending
/// <c>.Migrations.Postgres</c> and <c>.Migrations.Sqlite</c>. This shows EF only the set (and the
/// model snapshot) of the provider in use.
/// </summary>
internal sealed class ProviderMigrationsAssembly : MigrationsAssembly
{
    private readonly string _namespaceSuffix;
    private readonly Type _contextType;
    private IReadOnlyDictionary<string, TypeInfo>? _migrations;
    private ModelSnapshot? _snapshot;
    private bool _snapshotResolved;

    public ProviderMigrationsAssembly(
        ICurrentDbContext currentContext,
        IDbContextOptions options,
        IMigrationsIdGenerator idGenerator,
        IDiagnosticsLogger<DbLoggerCategory.Migrations> logger)
        : base(currentContext, options, idGenerator, logger)
    {
        var provider = DatabaseProviderNames.FromEfProviderName(currentContext.Context.Database.ProviderName);
        _namespaceSuffix = DatabaseProviderNames.MigrationsNamespaceSuffix(provider);
        _contextType = currentContext.Context.GetType();
    }

    public override IReadOnlyDictionary<string, TypeInfo> Migrations =>
        _migrations ??= base.Migrations
            .Where(m => InProviderNamespace(m.Value))
            .ToDictionary(m => m.Key, m => m.Value);

    public override ModelSnapshot? ModelSnapshot
    {
        get
        {
            if (!_snapshotResolved)
            {
                var snapshotType = Assembly.GetTypes()
                    .Where(t => t.IsSubclassOf(typeof(ModelSnapshot)) && InProviderNamespace(t))
                    .FirstOrDefault(t => t.GetCustomAttribute<DbContextAttribute>()?.ContextType == _contextType);
                _snapshot = snapshotType is null ? null : (ModelSnapshot)Activator.CreateInstance(snapshotType)!;
                _snapshotResolved = true;
            }

            return _snapshot;
        }
    }

    private bool InProviderNamespace(Type type) => type.Namespace?.EndsWith(_namespaceSuffix, StringComparison.Ordinal) == true;
}
