namespace Billing.Invoicing.Domain.Rating;

/// <summary>One resource's stretches: <see cref="Count"/> consecutive items from <see cref="Start"/>, all with <see cref="Key"/>.</summary>
internal readonly record struct ResourceRun<TKey>(TKey Key, int Start, int Count);

/// <summary>
/// Groups a resource's stretches as <c>Enumerable.GroupBy</c> does — groups in the order their keys first appear, each
/// group's items in their given order — as ranges of one list. Usage arrives in Usage's contract order (app, metric,
/// subject, variant, start), where a resource's stretches are already next to each other: then grouping is one key
/// comparison per stretch, where <c>GroupBy</c> hashed the key's strings and copied every stretch into a group.
/// </summary>
internal static class ResourceRuns
{
    public static (IReadOnlyList<T> Items, List<ResourceRun<TKey>> Runs) Of<T, TKey>(IReadOnlyList<T> items, Func<T, TKey> key)
        where TKey : notnull
    {
        ArgumentNullException.ThrowIfNull(items);
        ArgumentNullException.ThrowIfNull(key);
        var comparer = EqualityComparer<TKey>.Default;
        var runs = new List<ResourceRun<TKey>>();
        var seen = new HashSet<TKey>();
        var start = 0;
        for (var i = 1; i <= items.Count; i++)
        {
            if (i < items.Count && comparer.Equals(key(items[i - 1]), key(items[i])))
            {
                continue;
            }

            var runKey = key(items[start]);
            if (!seen.Add(runKey))
            {
                // A key seen in an earlier run: the items are not grouped yet. Grouped, every key is one run.
                return Of<T, TKey>([.. items.GroupBy(key).SelectMany(g => g)], key);
            }

            runs.Add(new ResourceRun<TKey>(runKey, start, i - start));
            start = i;
        }

        return (items, runs);
    }

    /// <summary>The run's items.</summary>
    public static IEnumerable<T> In<T, TKey>(this IReadOnlyList<T> items, ResourceRun<TKey> run)
    {
        for (var i = run.Start; i < run.Start + run.Count; i++)
        {
            yield return items[i];
        }
    }
}
