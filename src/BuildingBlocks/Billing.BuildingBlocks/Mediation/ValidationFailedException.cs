namespace Billing.BuildingBlocks.Mediation;

/// <summary>Raised by the validation behavior; the HTTP layer turns it into 422 <c>invalid_params</c>.</summary>
public sealed class ValidationFailedException : Exception
{
    public ValidationFailedException(IReadOnlyList<FieldError> errors)
        : base(Describe(errors))
    {
        Errors = errors;
    }

    public ValidationFailedException(string field, string message)
        : this([new FieldError(field, message)])
    {
    }

    public ValidationFailedException()
        : this([])
    {
    }

    public ValidationFailedException(string message)
        : base(message)
    {
        Errors = [];
    }

    public ValidationFailedException(string message, Exception innerException)
        : base(message, innerException)
    {
        Errors = [];
    }

    public IReadOnlyList<FieldError> Errors { get; }

    private static string Describe(IReadOnlyList<FieldError> errors) =>
        errors.Count == 0 ? "Invalid params." : "Invalid params: " + string.Join("; ", errors.Select(e => $"{e.Field} {e.Message}")) + ".";
}
