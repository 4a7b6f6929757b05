using System.Collections.Concurrent;
using System.Reflection;

namespace Billing.BuildingBlocks.Modules;

/// <summary>Every registered module, looked up by name or by the assembly a type lives in.</summary>
public sealed class ModuleCatalog
{
    private readonly List<ModuleDescriptor> _modules = [];
    private readonly ConcurrentDictionary<Assembly, ModuleDescriptor?> _byAssembly = new();

    public IReadOnlyList<ModuleDescriptor> Modules => _modules;

    public void Add(ModuleDescriptor module)
    {
        ArgumentNullException.ThrowIfNull(module);
        if (_modules.Exists(m => m.Name == module.Name))
        {
            throw new InvalidOperationException($"Module '{module.Name}' is registered twice.");
        }

        _modules.Add(module);
        _byAssembly.Clear();
    }

    public ModuleDescriptor? FindByName(string name) => _modules.Find(m => string.Equals(m.Name, name, StringComparison.OrdinalIgnoreCase));

    public ModuleDescriptor? FindOwnerOf(Type type)
    {
        ArgumentNullException.ThrowIfNull(type);
        return _byAssembly.GetOrAdd(type.Assembly, a => _modules.Find(m => m.Assembly == a));
    }

    public ModuleDescriptor GetOwnerOf(Type type) =>
        FindOwnerOf(type) ?? throw new InvalidOperationException($"{type.FullName} does not belong to a registered module.");
}
