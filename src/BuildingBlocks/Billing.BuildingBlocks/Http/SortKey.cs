using System.Linq.Expressions;

namespace Billing.BuildingBlocks.Http;

/// <summary>A field a list can be ranged over: how to read it from an entity, parse a cursor, and print one.</summary>
public abstract class SortKey<T>
{
    public abstract string Name { get; }

    internal abstract IQueryable<T> Apply(IQueryable<T> source, RangeRequest range);

    internal abstract string Format(T item);
}

public static class SortKey
{
    /// <param name="parse">Reads a cursor; throws <see cref="FormatException"/> (or <see cref="OverflowException"/>) for text that is not one.</param>
    public static SortKey<T> For<T, TKey>(string name, Expression<Func<T, TKey>> key, Func<string, TKey> parse, Func<TKey, string> format)
        where TKey : IComparable<TKey> =>
        new TypedSortKey<T, TKey>(name, key, parse, format);

    public static SortKey<T> ForGuid<T>(string name, Expression<Func<T, Guid>> key) =>
        For(name, key, Guid.Parse, g => g.ToString());

    public static SortKey<T> ForString<T>(string name, Expression<Func<T, string>> key) =>
        For(name, key, s => s, s => s);

    private sealed class TypedSortKey<T, TKey>(string name, Expression<Func<T, TKey>> key, Func<string, TKey> parse, Func<TKey, string> format)
        : SortKey<T>
        where TKey : IComparable<TKey>
    {
        private readonly Func<T, TKey> _compiled = key.Compile();

        public override string Name => name;

        internal override IQueryable<T> Apply(IQueryable<T> source, RangeRequest range)
        {
            if (range.Start is not null)
            {
                var start = Parse(range.Start);
                source = source.Where(Compare(start, range.Descending ? (range.StartExclusive ? ExpressionType.LessThan : ExpressionType.LessThanOrEqual)
                    : (range.StartExclusive ? ExpressionType.GreaterThan : ExpressionType.GreaterThanOrEqual)));
            }

            if (range.End is not null)
            {
                var end = Parse(range.End);
                source = source.Where(Compare(end, range.Descending ? ExpressionType.GreaterThanOrEqual : ExpressionType.LessThanOrEqual));
            }

            return range.Descending ? source.OrderByDescending(key) : source.OrderBy(key);
        }

        internal override string Format(T item) => format(_compiled(item));

        private TKey Parse(string text)
        {
            try
            {
                return parse(text);
            }
            catch (Exception e) when (e is FormatException or OverflowException)
            {
                // A cursor out of the key's range (int.Parse of "99999999999") is the client's mistake too, not a 500.
                throw new RangeNotSatisfiableException($"'{text}' is not a valid {name} to range from.");
            }
        }

        // key(x).CompareTo(cursor) <op> 0, with the cursor as a query parameter rather than a literal.
        private Expression<Func<T, bool>> Compare(TKey cursor, ExpressionType op)
        {
            var holder = new CursorHolder(cursor);
            var cursorExpression = Expression.Property(Expression.Constant(holder), nameof(CursorHolder.Value));
            var compareTo = typeof(TKey).GetMethod(nameof(IComparable<TKey>.CompareTo), [typeof(TKey)])!;
            var body = Expression.MakeBinary(op, Expression.Call(key.Body, compareTo, cursorExpression), Expression.Constant(0));
            return Expression.Lambda<Func<T, bool>>(body, key.Parameters);
        }

        private sealed class CursorHolder(TKey value)
        {
            public TKey Value { get; } = value;
        }
    }
}
