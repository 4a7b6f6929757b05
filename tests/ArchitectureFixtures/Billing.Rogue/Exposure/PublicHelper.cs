namespace Billing.Rogue.Exposure;

/// <summary>VIOLATION (module internals are not public): a public type that is not the module's registrar.</summary>
public static class PublicHelper
{
    public static string Describe() => "module internals other modules could compile against";
}
