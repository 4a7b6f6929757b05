using Microsoft.EntityFrameworkCore;

namespace Billing.Host.Strangler;

/// <summary>Keeps the sample bounded: only the newest N mismatches per capability survive.</summary>
internal static class MismatchRetention
{
    public static async Task TrimAsync(StranglerDbContext db, string capability, int keep)
    {
        var stale = await db.Mismatches
            .Where(m => m.Capability == capability)
            .OrderByDescending(m => m.OccurredAt).ThenByDescending(m => m.Id)
            .Skip(keep)
            .Select(m => m.Id)
            .ToListAsync();
        if (stale.Count > 0)
        {
            await db.Mismatches.Where(m => stale.Contains(m.Id)).ExecuteDeleteAsync();
        }
    }
}
