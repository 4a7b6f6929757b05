using Billing.BuildingBlocks.Auth;
using Billing.BuildingBlocks.Http;
using Billing.BuildingBlocks.Mediation;
using Microsoft.EntityFrameworkCore;

namespace Billing.Host.Strangler;

/// <summary>
/// <c>/admin/migration</c>: each capability's mode and live figures, run-time switches (audited: who,
/// when, why), the audit trail, and the shadow mismatch sample.
/// </summary>
internal static class MigrationAdminEndpoints
{
    public static void MapMigrationAdmin(this IEndpointRouteBuilder admin)
    {
        var migration = admin.MapGroup("/migration").WithTags("admin");
        migration.MapGet(string.Empty, Overview);
        migration.MapGet("/audit", Audit);
        migration.MapPut("/{capability}", Switch);
        migration.MapDelete("/{capability}", Reset);
        migration.MapGet("/{capability}/mismatches", Mismatches);
    }

    private static Microsoft.AspNetCore.Http.HttpResults.Ok<object> Overview(CapabilityRegistry registry, MigrationFigures figures)
    {
        var capabilities = registry.All.OrderBy(c => c.Name, StringComparer.Ordinal).Select(c => new
        {
            name = c.Name,
            mode = c.Mode.ToString().ToLowerInvariant(),
            canary_percent = c.CanaryPercent,
            source = c.Overridden ? "override" : "configuration",
            service = c.Service,
            changed_by = c.ChangedBy,
            changed_at = c.ChangedAt,
            reason = c.Reason,
            figures = Describe(figures.For(c.Name)),
        });
        var fallback = figures.All
            .Where(f => f.Key.StartsWith(StranglerMiddleware.FallbackCapability + ":", StringComparison.Ordinal))
            .OrderBy(f => f.Key, StringComparer.Ordinal)
            .Select(f => new { service = f.Key[(StranglerMiddleware.FallbackCapability.Length + 1)..], requests = f.Value.ServedBy(Side.Legacy), latency_ms = Latency(f.Value.Latency(Side.Legacy)) });
        return TypedResults.Ok<object>(new { capabilities, fallback });
    }

    private static object Describe(CapabilityFigures f)
    {
        var compared = f.Outcomes(ShadowOutcome.Matched) + f.Outcomes(ShadowOutcome.Mismatched);
        return new
        {
            requests = new { legacy = f.ServedBy(Side.Legacy), @new = f.ServedBy(Side.New) },
            shadow = new
            {
                compared,
                matched = f.Outcomes(ShadowOutcome.Matched),
                mismatched = f.Outcomes(ShadowOutcome.Mismatched),
                candidate_failed = f.Outcomes(ShadowOutcome.CandidateFailed),
                candidate_timed_out = f.Outcomes(ShadowOutcome.CandidateTimedOut),
                skipped = f.Outcomes(ShadowOutcome.Skipped),
                match_rate = compared == 0 ? (decimal?)null : Math.Round((decimal)f.Outcomes(ShadowOutcome.Matched) / compared, 4),
            },
            latency_ms = new { legacy = Latency(f.Latency(Side.Legacy)), @new = Latency(f.Latency(Side.New)), candidate = Latency(f.Latency(Side.Candidate)) },
        };
    }

    private static object Latency(LatencySamples samples)
    {
        var (count, p50, p99) = samples.Summary();
        return new { count, p50, p99 };
    }

    private static async Task<IResult> Switch(string capability, SwitchBody body, StranglerDbContext db, CapabilityRegistry registry, CapabilityKinds kinds, Caller caller, TimeProvider time, CancellationToken ct)
    {
        var current = Known(registry, capability);
        var errors = new List<FieldError>();
        if (body.Mode is not { } mode || !Enum.IsDefined(mode))
        {
            errors.Add(new FieldError("mode", "must be legacy, shadow or new"));
        }
        else if (mode == CutOverMode.Shadow && kinds.IsWriteOnly(capability))
        {
            // Accepted, it would be served by legacy alone while the overview says "shadow" and compares nothing.
            errors.Add(new FieldError("mode", "cannot be shadow: " + StranglerStartupCheck.WritesNeverShadowed(capability)));
        }

        if (body.CanaryPercent is < 0 or > 100)
        {
            errors.Add(new FieldError("canary_percent", "must be between 0 and 100"));
        }

        if (string.IsNullOrWhiteSpace(body.Reason))
        {
            errors.Add(new FieldError("reason", "is required: say why the capability is switched"));
        }

        if (errors.Count > 0)
        {
            throw new ValidationFailedException(errors);
        }

        var now = time.GetUtcNow();
        var canary = body.CanaryPercent ?? 100;
        var row = await db.Overrides.SingleOrDefaultAsync(o => o.Capability == capability, ct);
        if (row is null)
        {
            row = new CapabilityOverride { Capability = capability };
            db.Overrides.Add(row);
        }

        row.Mode = body.Mode!.Value;
        row.CanaryPercent = canary;
        row.ChangedBy = caller.TokenId;
        row.ChangedAt = now;
        row.Reason = body.Reason!.Trim();
        db.Changes.Add(AuditEntry(current, row.Mode, canary, reset: false, caller, now, row.Reason));
        await db.SaveChangesAsync(ct);
        await registry.RefreshAsync(ct);
        return TypedResults.Ok(registry.Get(capability));
    }

    private static async Task<IResult> Reset(string capability, string? reason, StranglerDbContext db, CapabilityRegistry registry, Caller caller, TimeProvider time, CancellationToken ct)
    {
        var current = Known(registry, capability);
        if (string.IsNullOrWhiteSpace(reason))
        {
            throw new ValidationFailedException("reason", "is required (query string): say why the override is removed");
        }

        await db.Overrides.Where(o => o.Capability == capability).ExecuteDeleteAsync(ct);
        await registry.RefreshAsync(ct);
        var restored = registry.Get(capability);
        db.Changes.Add(AuditEntry(current, restored.Mode, restored.CanaryPercent, reset: true, caller, time.GetUtcNow(), reason.Trim()));
        await db.SaveChangesAsync(ct);
        return TypedResults.Ok(restored);
    }

    private static async Task<IResult> Audit(StranglerDbContext db, CancellationToken ct) =>
        TypedResults.Ok(await db.Changes.AsNoTracking().OrderByDescending(c => c.ChangedAt).ThenByDescending(c => c.Id).Take(500).ToListAsync(ct));

    private static async Task<IResult> Mismatches(string capability, StranglerDbContext db, CapabilityRegistry registry, CancellationToken ct)
    {
        Known(registry, capability);
        return TypedResults.Ok(await db.Mismatches.AsNoTracking().Where(m => m.Capability == capability)
            .OrderByDescending(m => m.OccurredAt).ThenByDescending(m => m.Id).ToListAsync(ct));
    }

    private static CapabilityState Known(CapabilityRegistry registry, string capability) =>
        registry.IsKnown(capability) ? registry.Get(capability) : throw new NotFoundException($"Couldn't find that capability: {capability}.");

    private static CapabilityChange AuditEntry(CapabilityState from, CutOverMode to, int toCanary, bool reset, Caller caller, DateTimeOffset now, string reason) => new()
    {
        Id = Guid.CreateVersion7(now),
        Capability = from.Name,
        FromMode = from.Mode,
        FromCanaryPercent = from.CanaryPercent,
        ToMode = to,
        ToCanaryPercent = toCanary,
        ResetToConfiguration = reset,
        ChangedBy = caller.TokenId,
        ChangedAt = now,
        Reason = reason,
    };

    internal sealed record SwitchBody(CutOverMode? Mode, int? CanaryPercent, string? Reason);
}
