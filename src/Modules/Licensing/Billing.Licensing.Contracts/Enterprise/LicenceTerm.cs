namespace Billing.Licensing.Contracts.Enterprise;

/// <summary>
/// One licensed product of a contract version: <see cref="MonthlyQuantity"/> per calendar month, use beyond it billed
/// On-demand at <see cref="OnDemandRateCents"/> per unit; a <see cref="HardLimit"/> licence refuses provisioning past it.
/// </summary>
public sealed record LicenceTerm(string Product, decimal MonthlyQuantity, long OnDemandRateCents, bool HardLimit);
