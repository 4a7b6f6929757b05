using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Billing.Host.Access;

/// <summary>A short list of ids as one comma-separated column, the same on PostgreSQL and SQLite.</summary>
internal sealed class GuidListConverter() : ValueConverter<List<Guid>, string>(
    list => string.Join(',', list),
    text => text.Length == 0 ? new List<Guid>() : text.Split(',', StringSplitOptions.None).Select(Guid.Parse).ToList())
{
    public static readonly GuidListConverter Instance = new();
}
