using Refit;

namespace Billing.LegacyAdapters.Billing.Api;

/// <summary>
/// The part of the legacy Ruby billing API that migrated modules and backfills read. Lists take a Heroku
/// <c>Range</c> header and answer 206 with <c>Next-Range</c> until the last page (see <see cref="HerokuRangePaging"/>).
/// Implemented by Refit's source generator at build time; registered with <c>AddRefitGeneratedClient</c>.
/// </summary>
[Headers("Accept: application/vnd.heroku+json; version=3")]
internal interface ILegacyBillingApi
{
    /// <summary>
    /// Every token legacy accepts, as SHA-256 hashes (admin only); the secrets never leave legacy. Legacy
    /// answers this list unpaged today (Range ignored, 200 without Next-Range); the paging still holds if it starts paging.
    /// </summary>
    [Get("/internal/tokens")]
    Task<IApiResponse<List<LegacyTokenRecord>>> ListTokensAsync([Header("Range")] string range, CancellationToken cancellationToken);

    /// <summary>Billing entities, invoice addresses and apps (admin only, unpaged): the Invoicing backfill's directory.</summary>
    [Get("/internal/directory")]
    Task<IApiResponse<LegacyDirectory>> GetDirectoryAsync(CancellationToken cancellationToken);

    /// <summary>Every account and team invoice with owner and lines (admin only, unpaged).</summary>
    [Get("/internal/invoices")]
    Task<IApiResponse<List<LegacyExportedInvoice>>> ListAllInvoicesAsync(CancellationToken cancellationToken);

    /// <summary>Every credit with its account (admin only, unpaged).</summary>
    [Get("/internal/credits")]
    Task<IApiResponse<List<LegacyExportedCredit>>> ListAllCreditsAsync(CancellationToken cancellationToken);

    /// <summary>Every promo code <c>POST /account/credits</c> redeems (admin only, unpaged).</summary>
    [Get("/internal/promo-codes")]
    Task<IApiResponse<List<LegacyExportedPromoCode>>> ListPromoCodesAsync(CancellationToken cancellationToken);

    /// <summary>The payment state of every invoice (admin only, unpaged): what Invoicing polls while legacy still collects.</summary>
    [Get("/internal/invoice-payments")]
    Task<IApiResponse<List<LegacyExportedInvoicePayment>>> ListInvoicePaymentsAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Writes one account's invoice address (admin only; the customer's own PUT, for any account). PUT replaces the
    /// fields sent, so a retry writes the same address again.
    /// </summary>
    [Put("/internal/invoice-addresses/{accountId}")]
    Task<IApiResponse<LegacyAddress>> PutInvoiceAddressAsync(Guid accountId, [Body] LegacyAddressWrite address, CancellationToken cancellationToken);

    /// <summary>
    /// Creates the credit a promo-code redemption made (admin only), as of when it was made and with the balance given,
    /// unless legacy has it already (200, unchanged): a retry writes nothing twice.
    /// </summary>
    [Put("/internal/credits/{creditId}")]
    Task<IApiResponse<LegacyCredit>> PutRedeemedCreditAsync(Guid creditId, [Body] LegacyRedemptionWrite redemption, CancellationToken cancellationToken);

    [Get("/dyno-sizes")]
    Task<IApiResponse<List<LegacyDynoSize>>> ListDynoSizesAsync([Header("Range")] string range, CancellationToken cancellationToken);

    // The price book is read in 3.sdk, the richer variant (tiers, can_autoscale, metered); method headers win over the interface's.

    [Get("/dyno-sizes")]
    [Headers("Accept: application/vnd.heroku+json; version=3.sdk")]
    Task<IApiResponse<List<LegacySdkDynoSize>>> ListSdkDynoSizesAsync([Header("Range")] string range, CancellationToken cancellationToken);

    [Get("/addon-services")]
    [Headers("Accept: application/vnd.heroku+json; version=3.sdk")]
    Task<IApiResponse<List<LegacyAddonService>>> ListAddonServicesAsync([Header("Range")] string range, CancellationToken cancellationToken);

    [Get("/addon-services/{serviceId}/plans")]
    [Headers("Accept: application/vnd.heroku+json; version=3.sdk")]
    Task<IApiResponse<List<LegacyPlan>>> ListServicePlansAsync(Guid serviceId, [Header("Range")] string range, CancellationToken cancellationToken);

    // Legacy's /account routes answer for the token's own account (the admin token has none and gets 404),
    // so these reads are made with the customer's token, e.g. while serving that customer's request.

    [Get("/account/credits")]
    Task<IApiResponse<List<LegacyCredit>>> ListCreditsAsync([Authorize("Bearer")] string customerToken, [Header("Range")] string range, CancellationToken cancellationToken);

    /// <summary>Invoices with their payment state (0 pending, 1 successful, 2 failed): what payments reads while legacy still collects.</summary>
    [Get("/account/invoices")]
    Task<IApiResponse<List<LegacyInvoice>>> ListInvoicesAsync([Authorize("Bearer")] string customerToken, [Header("Range")] string range, CancellationToken cancellationToken);

    [Get("/account/invoices/{invoiceNumber}")]
    Task<IApiResponse<LegacyInvoice>> GetInvoiceAsync([Authorize("Bearer")] string customerToken, int invoiceNumber, CancellationToken cancellationToken);

    [Get("/enterprise-accounts")]
    Task<IApiResponse<List<LegacyEnterpriseAccount>>> ListEnterpriseAccountsAsync([Header("Range")] string range, CancellationToken cancellationToken);

    [Get("/enterprise-accounts/{enterpriseAccountId}/teams")]
    Task<IApiResponse<List<LegacyTeam>>> ListEnterpriseTeamsAsync(Guid enterpriseAccountId, [Header("Range")] string range, CancellationToken cancellationToken);

    /// <summary>Every delinquent account and team (admin only, unpaged): the public API only shows one's own.</summary>
    [Get("/internal/delinquencies")]
    Task<IApiResponse<List<LegacyDelinquency>>> ListDelinquenciesAsync([Header("Range")] string range, CancellationToken cancellationToken);
}
