using System.Reflection;
using Billing.Invoicing;
using Billing.Invoicing.Contracts;
using Billing.Licensing;
using Billing.Licensing.Contracts;
using Billing.Payments;
using Billing.Usage;

namespace Billing.ArchitectureTests.Modules;

/// <summary>The real modules every rule runs over. The Rogue fixture is deliberately not listed here.</summary>
public static class BillingModules
{
    public static IReadOnlyList<ModuleUnderTest> All { get; } =
    [
        // Usage.Contracts and Payments.Contracts declare no types yet, so there is nothing to typeof();
        // the project references put them next to the tests, where Assembly.Load finds them by name.
        new("Usage", typeof(UsageModule).Assembly, Assembly.Load("Billing.Usage.Contracts")),
        new("Licensing", typeof(LicensingModule).Assembly, typeof(DynoSizePublished).Assembly),
        new("Invoicing", typeof(InvoicingModule).Assembly, typeof(CreditGranted).Assembly),
        new("Payments", typeof(PaymentsModule).Assembly, Assembly.Load("Billing.Payments.Contracts")),
    ];

    /// <summary>Module names rather than objects, so that xUnit shows one named test case per module.</summary>
    public static TheoryData<string> Names => new(All.Select(module => module.Name));

    public static ModuleUnderTest Named(string name) => All.Single(module => module.Name == name);

    public static IEnumerable<ModuleUnderTest> OtherThan(ModuleUnderTest module) => All.Where(other => other != module);
}
