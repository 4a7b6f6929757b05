using System.Reflection;

namespace Billing.BuildingBlocks.Modules;

/// <summary>
/// What the shared plumbing needs to know about a module: which assembly its handlers live in and
/// which DbContext owns its tables (outbox and inbox included).
/// </summary>
public sealed record ModuleDescriptor(string Name, Assembly Assembly, Type DbContextType);
