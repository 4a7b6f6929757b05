using System.Text.Json.Serialization;

namespace Billing.LegacyAdapters.Billing.Api;

/// <summary>
/// Source-generated JSON metadata for every type the legacy API sends: the generated Refit client runs
/// without reflection-based JSON, so a type missing here fails loudly instead of silently.
/// </summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(List<LegacyTokenRecord>))]
[JsonSerializable(typeof(List<LegacyDynoSize>))]
[JsonSerializable(typeof(List<LegacyCredit>))]
[JsonSerializable(typeof(List<LegacySdkDynoSize>))]
[JsonSerializable(typeof(List<LegacyAddonService>))]
[JsonSerializable(typeof(List<LegacyPlan>))]
[JsonSerializable(typeof(List<LegacyInvoice>))]
[JsonSerializable(typeof(LegacyInvoice))]
[JsonSerializable(typeof(LegacyDirectory))]
[JsonSerializable(typeof(LegacyAddress))]
[JsonSerializable(typeof(LegacyAddressWrite))]
[JsonSerializable(typeof(LegacyRedemptionWrite))]
[JsonSerializable(typeof(List<LegacyExportedInvoice>))]
[JsonSerializable(typeof(List<LegacyExportedCredit>))]
[JsonSerializable(typeof(List<LegacyExportedInvoicePayment>))]
[JsonSerializable(typeof(List<LegacyExportedPromoCode>))]
[JsonSerializable(typeof(List<LegacyEnterpriseAccount>))]
[JsonSerializable(typeof(List<LegacyTeam>))]
[JsonSerializable(typeof(List<LegacyDelinquency>))]
internal sealed partial class LegacyBillingJson : JsonSerializerContext;
