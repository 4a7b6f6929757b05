namespace Billing.BuildingBlocks.Mediation;

/// <summary>Checks a command or query before its handler runs; every failing field is reported at once.</summary>
public interface IValidator<in TMessage>
{
    IEnumerable<FieldError> Validate(TMessage message);
}
