using Billing.BuildingBlocks.Modules;

namespace Billing.UnitTests.Modules;

public sealed class ModuleCatalogTests
{
    [Fact]
    public void A_type_belongs_to_the_module_registered_for_its_assembly()
    {
        var catalog = new ModuleCatalog();
        catalog.Add(new ModuleDescriptor("blocks", typeof(ModuleCatalog).Assembly, typeof(ModuleCatalog)));

        Assert.Equal("blocks", catalog.FindOwnerOf(typeof(IModule))?.Name);
        Assert.Null(catalog.FindOwnerOf(typeof(ModuleCatalogTests)));
    }

    [Fact]
    public void Components_sharing_an_assembly_are_told_apart_by_namespace()
    {
        var catalog = new ModuleCatalog();
        catalog.Add(new ModuleDescriptor("http", typeof(ModuleCatalog).Assembly, typeof(Billing.BuildingBlocks.Http.ApiVariant)));
        catalog.Add(new ModuleDescriptor("messaging", typeof(ModuleCatalog).Assembly, typeof(Billing.BuildingBlocks.Messaging.OutboxMessage)));

        Assert.Equal("messaging", catalog.FindOwnerOf(typeof(Billing.BuildingBlocks.Messaging.RetryPolicy))?.Name);
        Assert.Equal("http", catalog.FindOwnerOf(typeof(Billing.BuildingBlocks.Http.RangeRequest))?.Name);
        Assert.Null(catalog.FindOwnerOf(typeof(IModule)));
    }

    [Fact]
    public void A_module_name_is_registered_once()
    {
        var catalog = new ModuleCatalog();
        catalog.Add(new ModuleDescriptor("blocks", typeof(ModuleCatalog).Assembly, typeof(ModuleCatalog)));

        Assert.Throws<InvalidOperationException>(() => catalog.Add(new ModuleDescriptor("blocks", typeof(ModuleCatalog).Assembly, typeof(ModuleCatalog))));
    }
}
