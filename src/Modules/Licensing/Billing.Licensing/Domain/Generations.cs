namespace Billing.Licensing.Domain;

/// <summary>Dyno generations and the platform's ids for them (cedar's is the one legacy serves).</summary>
internal static class Generations
{
    public static readonly Guid CedarId = Guid.Parse("66dce15f-b33d-4acb-9c03-62f30e95f52e");

    // Legacy serves no fir sizes yet, so fir has no legacy id to keep; this one is ours and stable.
    public static readonly Guid FirId = Guid.Parse("5a0e7f2c-3b8c-4b36-9d0f-9d0b0f4e7c02");

    public static Guid IdOf(string generation) => generation == "fir" ? FirId : CedarId;
}
