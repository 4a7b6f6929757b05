namespace Billing.BuildingBlocks.Mediation;

/// <summary>One thing wrong with one field of a request, in words a client developer can act on.</summary>
public sealed record FieldError(string Field, string Message);
