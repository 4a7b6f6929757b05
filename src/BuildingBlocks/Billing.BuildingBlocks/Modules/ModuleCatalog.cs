using System.Collections.Concurrent;

namespace Billing.BuildingBlocks.Modules;

/// <summary>Every registered module, looked up by name or by the assembly a type lives in.</summary>
public sealed class ModuleCatalog
{
    private readonly List<ModuleDescriptor> _modules = [];
    private readonly ConcurrentDictionary<Type, ModuleDescriptor?> _byType = new();

    public IReadOnlyList<ModuleDescriptor> Modules => _modules;

    public void Add(ModuleDescriptor module)
    {
        ArgumentNullException.ThrowIfNull(module);
        if (_modules.Exists(m => m.Name == module.Name))
        {
            throw new InvalidOperationException($"Module '{module.Name}' is registered twice.");
        }

        _modules.Add(module);
        _byType.Clear();
    }

    public ModuleDescriptor? FindByName(string name) => _modules.Find(m => string.Equals(m.Name, name, StringComparison.OrdinalIgnoreCase));

    /// <summary>
    /// The module a type belongs to: the one registered for its assembly. Where several components share
    /// an assembly (the host's access and strangler schemas), the one whose DbContext's namespace
    /// encloses the type's namespace wins.
    /// </summary>
    public ModuleDescriptor? FindOwnerOf(Type type)
    {
        ArgumentNullException.ThrowIfNull(type);
        return _byType.GetOrAdd(type, t =>
        {
            var candidates = _modules.FindAll(m => m.Assembly == t.Assembly);
            return candidates.Count <= 1
                ? candidates.FirstOrDefault()
                : candidates.Find(m => Encloses(m.DbContextType.Namespace, t.Namespace));
        });
    }

    private static bool Encloses(string? outer, string? inner) =>
        outer is not null && inner is not null
        && (inner == outer || inner.StartsWith(outer + ".", StringComparison.Ordinal));

    public ModuleDescriptor GetOwnerOf(Type type) =>
        FindOwnerOf(type) ?? throw new InvalidOperationException($"{type.FullName} does not belong to a registered module.");
}
