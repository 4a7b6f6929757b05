using Billing.BuildingBlocks.Modules;
using Billing.Licensing;

namespace Billing.Rogue.Reaching;

/// <summary>
/// VIOLATION (a module reaches another only through its Contracts): uses a type that lives in
/// Licensing's internal assembly. <c>LicensingModule</c> is the one type public enough to compile against,
/// and still off limits to other modules.
/// </summary>
internal static class ReachesIntoLicensing
{
    public static IModule BorrowLicensing() => new LicensingModule();
}
