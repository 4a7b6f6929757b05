namespace Billing.Invoicing.Domain.Rating;

/// <summary>Usage that no price covers (an unknown size or plan, or usage before its first price version).</summary>
internal sealed class UnratableUsageException : Exception
{
    public UnratableUsageException()
    {
    }

    public UnratableUsageException(string message)
        : base(message)
    {
    }

    public UnratableUsageException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
