using Billing.BuildingBlocks.Mediation;
using Billing.Licensing.Contracts.Enterprise;

namespace Billing.Licensing.Domain.Enterprise;

/// <summary>What makes contract terms acceptable; each broken rule names the field at fault.</summary>
internal static class ContractRules
{
    /// <summary>
    /// Terms as a client sent them (null = missing). A contract may start in the current month but not before it:
    /// earlier months may already be invoiced. Its end may not be in the past for the same reason.
    /// </summary>
    public static IEnumerable<FieldError> CheckTerms(DateTimeOffset? startsAt, DateTimeOffset? endsAt, IReadOnlyList<LicenceInput>? licences, DateTimeOffset now, bool startFixed)
    {
        if (!startFixed)
        {
            if (startsAt is null)
            {
                yield return new FieldError("starts_at", "is required");
            }
            else if (startsAt < Billing.BuildingBlocks.Abstractions.Billing.BillingPeriod.MonthOf(now).Start)
            {
                yield return new FieldError("starts_at", "must not be before the current month: earlier months may already be invoiced");
            }
        }

        if (endsAt is null)
        {
            yield return new FieldError("ends_at", "is required");
        }
        else if (startsAt is { } start && endsAt <= start)
        {
            yield return new FieldError("ends_at", "must be after starts_at");
        }
        else if (endsAt < now)
        {
            yield return new FieldError("ends_at", "must not be in the past");
        }

        foreach (var error in CheckLicences(licences))
        {
            yield return error;
        }
    }

    public static IEnumerable<FieldError> CheckLicences(IReadOnlyList<LicenceInput>? licences)
    {
        if (licences is null || licences.Count == 0)
        {
            yield return new FieldError("licences", "must list at least one licensed product");
            yield break;
        }

        for (var i = 0; i < licences.Count; i++)
        {
            var licence = licences[i];
            if (licence.Product is null || !LicenceProducts.All.Contains(licence.Product))
            {
                yield return new FieldError($"licences[{i}].product", $"must be one of {string.Join(", ", LicenceProducts.All)}");
            }
            else if (licences.Take(i).Any(l => l.Product == licence.Product))
            {
                yield return new FieldError($"licences[{i}].product", "is listed twice");
            }

            if (licence.MonthlyQuantity is null)
            {
                yield return new FieldError($"licences[{i}].monthly_quantity", "is required");
            }
            else if (licence.MonthlyQuantity < 0)
            {
                yield return new FieldError($"licences[{i}].monthly_quantity", "must not be negative");
            }
            else if (decimal.Round(licence.MonthlyQuantity.Value, 2) != licence.MonthlyQuantity)
            {
                yield return new FieldError($"licences[{i}].monthly_quantity", "has at most 2 decimals");
            }

            if (licence.OnDemandRateCents is < 0)
            {
                yield return new FieldError($"licences[{i}].on_demand_rate.cents", "must not be negative");
            }
        }
    }

    public static IEnumerable<FieldError> CheckReason(string? reason)
    {
        if (string.IsNullOrWhiteSpace(reason))
        {
            yield return new FieldError("reason", "is required: contract changes are audited");
        }
        else if (reason.Length > 500)
        {
            yield return new FieldError("reason", "must be at most 500 characters");
        }
    }

    public static IEnumerable<FieldError> CheckEffectiveFrom(DateTimeOffset? effectiveFrom, DateTimeOffset now)
    {
        if (effectiveFrom is { } from && from < now)
        {
            yield return new FieldError("effective_from", "must not be in the past; an amendment never rewrites history");
        }
    }

    /// <summary>
    /// The other contract of the same account whose covered span meets <c>[startsAt, endsAt)</c>, if any. Spans are
    /// compared as their latest versions state them (half-open, so one may end where the next starts).
    /// </summary>
    public static Contract? Overlapping(IEnumerable<Contract> others, DateTimeOffset startsAt, DateTimeOffset endsAt) =>
        others.FirstOrDefault(c => c.Current.StartsAt < endsAt && startsAt < c.Current.EndsAt);

    public static IReadOnlyList<ContractLicence> ToLicences(IReadOnlyList<LicenceInput> licences) =>
        licences.Select(l => new ContractLicence(l.Product!, l.MonthlyQuantity!.Value, l.OnDemandRateCents ?? 0, l.HardLimit ?? false)).ToList();
}

/// <summary>A licence as a client sent it; null = missing.</summary>
internal sealed record LicenceInput(string? Product, decimal? MonthlyQuantity, long? OnDemandRateCents, bool? HardLimit);
