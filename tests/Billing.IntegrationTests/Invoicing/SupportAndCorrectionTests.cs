using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Billing.BuildingBlocks.Abstractions.Billing;
using Billing.BuildingBlocks.Auth;
using Billing.IntegrationTests.Backfill;
using Billing.IntegrationTests.Infrastructure;
using Billing.Invoicing.Domain;
using Billing.Invoicing.Persistence;
using Billing.Usage.Contracts;
using Hangfire;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Billing.IntegrationTests.Invoicing;

public sealed class SupportAndCorrectionTests(PostgresFixture fixture) : PostgresTest(fixture)
{
    private static readonly BillingPeriod October = BillingPeriod.Month(2026, 10);
    private static readonly BillingPeriod November = BillingPeriod.Month(2026, 11);
    private static readonly BillingPeriod December = BillingPeriod.Month(2026, 12);
    private static readonly BillableOwner Owner = BillableOwner.Account(Guid.NewGuid());
    private static readonly Guid App = Guid.NewGuid();
    private readonly FakeTimeProvider clock = new(new DateTimeOffset(2026, 10, 20, 0, 0, 0, TimeSpan.Zero));
    private readonly List<GaugeSegment> segments =
    [
        new(Owner, App, UsageMetrics.FormationQuantity, "web", "standard-1x", 1, October.Start, October.Start.AddDays(15), "evt-1"),
        new(Owner, App, UsageMetrics.FormationQuantity, "web", "standard-1x", 1, November.Start, November.Start.AddDays(6), "evt-2"),
    ];

    private WebApplicationFactory<Program> Host(Func<IReadOnlyCollection<BillableOwner>, BillingPeriod, Task>? afterPinnedRead = null) =>
        Fixture.CreateFactory().WithWebHostBuilder(b => b.ConfigureTestServices(s =>
        {
            var usage = new GeneratedUsage(segments);
            s.AddSingleton<IUsageReader>(afterPinnedRead is null ? usage : new ActAfterPinnedRead(usage, afterPinnedRead));
            s.AddSingleton<TimeProvider>(clock);
            s.AddSingleton<IBackgroundJobClient>(new RecordingJobClient());
        }));

    private static async Task SeedAsync(WebApplicationFactory<Program> host)
    {
        await using var scope = host.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<InvoicingDbContext>();
        db.DynoSizeRates.Add(new DynoSizeRate(Guid.NewGuid(), "standard-1x", 2500, 1m, DateTimeOffset.UnixEpoch, Guid.NewGuid()));
        db.BilledApps.Add(new BilledApp(App, "shop", Owner));
        await db.SaveChangesAsync();
    }

    private async Task<Invoice> InvoiceAsync(WebApplicationFactory<Program> host, BillingPeriod period)
    {
        clock.SetUtcNow(period.End.AddMinutes(1));
        await SmallRun.IssueAsync(host.Services, period);
        await using var read = host.Services.CreateAsyncScope();
        return await read.ServiceProvider.GetRequiredService<InvoicingDbContext>().Invoices.AsNoTracking().Include(i => i.Lines)
            .SingleAsync(i => i.OwnerId == Owner.Id && i.PeriodStart == period.Start);
    }

    /// <summary>Usage's notice of a late October event, handled by Invoicing as the inbox would.</summary>
    private async Task LateOctoberEventAsync(WebApplicationFactory<Program> host, string eventId)
    {
        await using var scope = host.Services.CreateAsyncScope();
        var late = new UsageCorrectionRecorded(Guid.NewGuid(), clock.GetUtcNow(), Owner, October.Start, October.End, eventId, App, UsageMetrics.FormationQuantity);
        await scope.ServiceProvider.GetRequiredService<Billing.Invoicing.Support.RecordUsageCorrection>().Handle(late, CancellationToken.None);
        await scope.ServiceProvider.GetRequiredService<InvoicingDbContext>().SaveChangesAsync();
    }

    /// <summary>October invoiced (15 days of web), then a late October worker (3 days) billed on November's invoice.</summary>
    private async Task<(Invoice October, Invoice November)> OctoberCorrectedOnNovemberAsync(WebApplicationFactory<Program> host)
    {
        await SeedAsync(host);
        var october = await InvoiceAsync(host, October);
        segments.Add(LateOctoberDyno("worker", 20, 3, "evt-late"));
        await LateOctoberEventAsync(host, "evt-late");
        var november = await InvoiceAsync(host, November);
        Assert.Equal(500 + 250, november.TotalCents);
        return (october, november);
    }

    private static async Task<HttpResponseMessage> VoidAndReissueAsync(WebApplicationFactory<Program> host, Invoice invoice, string period)
    {
        var admin = ApiClients.Create(host, BillingApiFactory.AdminToken);
        Assert.Equal(HttpStatusCode.Created, (await admin.PostAsJsonAsync($"/admin/invoicing/invoices/{invoice.Number}/void", new { reason = "wrong address" })).StatusCode);
        return await admin.PostAsJsonAsync("/admin/invoicing/reissues", new { owner = Owner.ToString(), period, reason = "wrong address" });
    }

    private static GaugeSegment LateOctoberDyno(string processType, int fromDay, int days, string eventId) =>
        new(Owner, App, UsageMetrics.FormationQuantity, processType, "standard-1x", 1, October.Start.AddDays(fromDay), October.Start.AddDays(fromDay + days), eventId);

    /// <summary>The second correction of a period used to re-bill the first one's difference as well (re-rated minus the invoice only).</summary>
    [Fact]
    public async Task A_period_corrected_twice_bills_each_late_change_once()
    {
        await using var host = Host();
        await SeedAsync(host);
        segments.Add(new GaugeSegment(Owner, App, UsageMetrics.FormationQuantity, "web", "standard-1x", 1, December.Start, December.Start.AddDays(3), "evt-3"));
        await InvoiceAsync(host, October);
        segments.Add(LateOctoberDyno("worker", 20, 3, "evt-late"));
        await LateOctoberEventAsync(host, "evt-late");
        var november = await InvoiceAsync(host, November);
        segments.Add(LateOctoberDyno("clock", 25, 2, "evt-later"));
        await LateOctoberEventAsync(host, "evt-later");

        var december = await InvoiceAsync(host, December);

        Assert.Equal(250, Assert.Single(november.Lines, l => l.Description == "Usage correction for 10/2026").AmountCents); // 3 days of a worker
        Assert.Equal(167, Assert.Single(december.Lines, l => l.Description == "Usage correction for 10/2026").AmountCents); // 2 days of a clock, not 250 again
        Assert.Equal(250 + 167, december.TotalCents);
    }

    /// <summary>Voiding the invoice that billed a late correction used to drop the correction: the re-issue lacked it.</summary>
    [Fact]
    public async Task Voiding_the_invoice_that_billed_a_correction_opens_its_period_again_so_the_reissue_bills_it()
    {
        await using var host = Host();
        var (_, november) = await OctoberCorrectedOnNovemberAsync(host);

        var reissued = await VoidAndReissueAsync(host, november, "2026-11");

        Assert.Equal(HttpStatusCode.Created, reissued.StatusCode);
        Assert.Equal(500 + 250, (await reissued.JsonAsync()).GetProperty("total_cents").GetInt64());
        Assert.Equal(0, await Fixture.CountAsync("invoicing.pending_usage_corrections", "settled_on_invoice_id IS NULL"));
    }

    /// <summary>A re-issued period rates its late usage again: what its corrections billed on later invoices is taken off.</summary>
    [Fact]
    public async Task Reissuing_a_corrected_period_takes_off_what_its_corrections_already_billed()
    {
        await using var host = Host();
        var (october, november) = await OctoberCorrectedOnNovemberAsync(host);

        var reissued = await VoidAndReissueAsync(host, october, "2026-10");

        Assert.Equal(HttpStatusCode.Created, reissued.StatusCode);
        Assert.Equal(1250 + 250 - 250, (await reissued.JsonAsync()).GetProperty("total_cents").GetInt64()); // web + worker, less the worker billed in November
        await using var read = host.Services.CreateAsyncScope();
        var lines = await read.ServiceProvider.GetRequiredService<InvoicingDbContext>().InvoiceLines.AsNoTracking()
            .Where(l => l.InvoiceId != october.Id && l.InvoiceId != november.Id).ToListAsync();
        Assert.Equal(-250, Assert.Single(lines, l => l.Description == "Usage corrections for 10/2026 already billed").AmountCents);
    }

    /// <summary>A run lists owners by their usage; one whose usage stopped used to keep its open correction forever.</summary>
    [Fact]
    public async Task An_owner_without_usage_in_the_month_is_still_invoiced_for_its_late_correction_and_adjustments()
    {
        await using var host = Host();
        await SeedAsync(host);
        segments.RemoveAll(s => s.SourceEventId == "evt-2"); // nothing ran in November
        await InvoiceAsync(host, October);
        segments.Add(LateOctoberDyno("worker", 20, 3, "evt-late"));
        await LateOctoberEventAsync(host, "evt-late");

        var november = await InvoiceAsync(host, November);

        Assert.Equal(250, Assert.Single(november.Lines).AmountCents);
        Assert.Equal(250, november.TotalCents);
        Assert.Equal(0, await Fixture.CountAsync("invoicing.pending_usage_corrections", "settled_on_invoice_id IS NULL"));
    }

    /// <summary>
    /// A late event counted into an open correction after issuing read it (its usage possibly above the pinned position)
    /// used to vanish when the correction was settled: it is settled with what was rated, and the period opened again.
    /// </summary>
    [Fact]
    public async Task A_late_event_counted_in_while_its_correction_is_being_billed_is_billed_on_the_next_invoice()
    {
        var (armed, raced) = (false, false);
        WebApplicationFactory<Program>? self = null;
        await using var host = Host(afterPinnedRead: async (_, period) =>
        {
            if (armed && period == October && !raced)
            {
                raced = true;
                segments.Add(LateOctoberDyno("clock", 25, 2, "evt-racing"));
                await LateOctoberEventAsync(self!, "evt-racing");
            }
        });
        self = host;
        await SeedAsync(host);
        segments.Add(new GaugeSegment(Owner, App, UsageMetrics.FormationQuantity, "web", "standard-1x", 1, December.Start, December.Start.AddDays(3), "evt-3"));
        await InvoiceAsync(host, October);
        segments.Add(LateOctoberDyno("worker", 20, 3, "evt-late"));
        await LateOctoberEventAsync(host, "evt-late");
        armed = true;

        var november = await InvoiceAsync(host, November);
        var december = await InvoiceAsync(host, December);

        Assert.True(raced);
        Assert.Equal(250, Assert.Single(november.Lines, l => l.Description == "Usage correction for 10/2026").AmountCents);
        Assert.Equal(167, Assert.Single(december.Lines, l => l.Description == "Usage correction for 10/2026").AmountCents);
        Assert.Equal(0, await Fixture.CountAsync("invoicing.pending_usage_corrections", "settled_on_invoice_id IS NULL"));
    }

    [Fact]
    public async Task A_late_usage_event_after_finalization_is_billed_as_an_adjustment_on_the_next_invoice_and_the_finalized_one_stays()
    {
        await using var host = Host();
        await SeedAsync(host);
        var october = await InvoiceAsync(host, October);
        Assert.Equal(1250, october.TotalCents); // 15 days of 2500/720 h

        // Usage learns of a second dyno that ran 3 days in October, after October was invoiced.
        segments.Add(new GaugeSegment(Owner, App, UsageMetrics.FormationQuantity, "worker", "standard-1x", 1, October.Start.AddDays(20), October.Start.AddDays(23), "evt-late"));
        await LateOctoberEventAsync(host, "evt-late");

        var november = await InvoiceAsync(host, November);

        var correction = Assert.Single(november.Lines, l => l.Description == "Usage correction for 10/2026");
        Assert.Equal(250, correction.AmountCents); // 3 days of a worker
        Assert.Equal(500 + 250, november.TotalCents);
        Assert.Equal(1, await Fixture.CountAsync("invoicing.invoices", $"period_start = '{October.Start:O}' AND total_cents = 1250 AND number = {october.Number}"));
        Assert.Equal(1, await Fixture.CountAsync("invoicing.pending_usage_corrections", $"settled_cents = 250 AND settled_on_invoice_id = '{november.Id}'"));
    }

    [Fact]
    public async Task Late_usage_of_a_reissued_period_is_compared_with_the_reissued_invoice_not_the_void_one()
    {
        await using var host = Host();
        await SeedAsync(host);
        var october = await InvoiceAsync(host, October);
        segments.Add(new GaugeSegment(Owner, App, UsageMetrics.FormationQuantity, "worker", "standard-1x", 1, October.Start.AddDays(20), October.Start.AddDays(23), "evt-late"));
        await LateOctoberEventAsync(host, "evt-late");

        // Support voids October and re-issues it: the corrected invoice already bills the late worker.
        var admin = ApiClients.Create(host, BillingApiFactory.AdminToken);
        Assert.Equal(HttpStatusCode.Created, (await admin.PostAsJsonAsync($"/admin/invoicing/invoices/{october.Number}/void", new { reason = "missed a worker" })).StatusCode);
        var reissued = await admin.PostAsJsonAsync("/admin/invoicing/reissues", new { owner = Owner.ToString(), period = "2026-10", reason = "missed a worker" });
        Assert.Equal(1500, (await reissued.JsonAsync()).GetProperty("total_cents").GetInt64());
        var november = await InvoiceAsync(host, November);

        Assert.DoesNotContain(november.Lines, l => l.Description == "Usage correction for 10/2026");
        Assert.Equal(500, november.TotalCents);
        Assert.Equal(1, await Fixture.CountAsync("invoicing.pending_usage_corrections", $"settled_cents = 0 AND settled_on_invoice_id = '{november.Id}'"));
    }

    [Fact]
    public async Task A_support_adjustment_needs_a_reason_is_audited_and_is_billed_exactly_once()
    {
        await using var host = Host();
        await SeedAsync(host);
        var support = await ApiClients.IssueTokenAsync(ApiClients.Create(host, BillingApiFactory.AdminToken), Roles.BillingSupport, null);
        var client = ApiClients.Create(host, support.Token);

        var noReason = await client.PostAsJsonAsync("/admin/invoicing/adjustments", new { owner = Owner.ToString(), amount_cents = -300, description = "refund" });
        var created = await client.PostAsJsonAsync("/admin/invoicing/adjustments", new { owner = Owner.ToString(), amount_cents = -300, description = "outage refund", reason = "INC-42 downtime" });
        var customer = await ApiClients.IssueTokenAsync(ApiClients.Create(host, BillingApiFactory.AdminToken), Roles.Customer, Owner.Id);
        var forbidden = await ApiClients.Create(host, customer.Token).PostAsJsonAsync("/admin/invoicing/adjustments", new { owner = Owner.ToString(), amount_cents = -300, description = "x", reason = "y" });

        Assert.Equal(HttpStatusCode.UnprocessableEntity, noReason.StatusCode);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);
        var audit = Assert.Single((await client.GetFromJsonAsync<JsonElement>($"/admin/invoicing/audit?subject={Owner}")).EnumerateArray());
        Assert.Equal(("adjustment.created", support.Id.ToString(), "INC-42 downtime", 0L, -300L),
            (audit.GetProperty("action").GetString(), audit.GetProperty("actor").GetString(), audit.GetProperty("reason").GetString(), audit.GetProperty("before_cents").GetInt64(), audit.GetProperty("after_cents").GetInt64()));

        var october = await InvoiceAsync(host, October);
        var november = await InvoiceAsync(host, November);

        Assert.Equal(1250 - 300, october.TotalCents);
        Assert.Single(october.Lines, l => l.Description == "outage refund" && l.AmountCents == -300);
        Assert.DoesNotContain(november.Lines, l => l.Description == "outage refund");
    }

    /// <summary>A refund of 20.00 against October's 12.50: October comes to zero and owes the owner 7.50 (ADR 0043).</summary>
    private async Task<Invoice> OctoberRefundedBeyondItsChargesAsync(WebApplicationFactory<Program> host)
    {
        await SeedAsync(host);
        await using (var scope = host.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<InvoicingDbContext>();
            db.SupportAdjustments.Add(SupportAdjustment.Create(Owner, -2000, "outage refund", "INC-42 downtime", "support", clock.GetUtcNow()));
            await db.SaveChangesAsync();
        }

        var october = await InvoiceAsync(host, October);
        Assert.Equal(
            [("shop web standard-1x", 1250L), ("outage refund", -2000L), ("Balance carried forward to the next invoice", 750L)],
            october.Lines.OrderBy(l => l.Position).Select(l => (l.Description, l.AmountCents)));
        Assert.Equal(0, october.TotalCents);
        return october;
    }

    /// <summary>The run plans an owner with nothing but a carried balance: a zero invoice shows the balance moving on (ADR 0043).</summary>
    [Fact]
    public async Task A_month_without_usage_still_invoices_the_carried_balance_and_carries_it_on()
    {
        await using var host = Host();
        segments.RemoveAll(s => s.From >= November.Start);
        var october = await OctoberRefundedBeyondItsChargesAsync(host);

        var november = await InvoiceAsync(host, November);

        Assert.Equal(
            [($"Balance carried forward from invoice {october.Number}", -750L), ("Balance carried forward to the next invoice", 750L)],
            november.Lines.OrderBy(l => l.Position).Select(l => (l.Description, l.AmountCents)));
        Assert.Equal(0, november.TotalCents);
        Assert.Equal(1, await Fixture.CountAsync("invoicing.support_adjustments", "applied_to_invoice_id IS NULL"));
    }

    [Fact]
    public async Task A_negative_balance_is_never_billed_it_is_carried_to_the_next_invoices_until_used_up_and_audited()
    {
        await using var host = Host();
        segments.Add(new GaugeSegment(Owner, App, UsageMetrics.FormationQuantity, "web", "standard-1x", 1, December.Start, December.Start.AddDays(12), "evt-3"));
        var october = await OctoberRefundedBeyondItsChargesAsync(host);

        var november = await InvoiceAsync(host, November);
        var december = await InvoiceAsync(host, December);

        Assert.Equal(
            [("shop web standard-1x", 500L), ($"Balance carried forward from invoice {october.Number}", -750L), ("Balance carried forward to the next invoice", 250L)],
            november.Lines.OrderBy(l => l.Position).Select(l => (l.Description, l.AmountCents)));
        Assert.Equal(0, november.TotalCents);
        Assert.Equal(1000 - 250, december.TotalCents);
        Assert.Single(december.Lines, l => l.Description == $"Balance carried forward from invoice {november.Number}" && l.AmountCents == -250);
        Assert.Equal(0, await Fixture.CountAsync("invoicing.support_adjustments", "applied_to_invoice_id IS NULL"));
        var admin = ApiClients.Create(host, BillingApiFactory.AdminToken);
        var audit = (await admin.GetFromJsonAsync<JsonElement>($"/admin/invoicing/audit?subject={Owner}")).EnumerateArray()
            .Where(e => e.GetProperty("action").GetString() == "balance.carried_forward")
            .Select(e => (e.GetProperty("actor").GetString(), e.GetProperty("after_cents").GetInt64())).Order().ToList();
        Assert.Equal([(SupportAdjustment.CarryForwardActor, -750L), (SupportAdjustment.CarryForwardActor, -250L)], audit);
    }

    [Fact]
    public async Task Voiding_an_invoice_withdraws_the_balance_it_carried_forward_that_no_invoice_billed_yet()
    {
        await using var host = Host();
        var october = await OctoberRefundedBeyondItsChargesAsync(host);

        var reissued = await VoidAndReissueAsync(host, october, "2026-10");
        var november = await InvoiceAsync(host, November);

        Assert.Equal(HttpStatusCode.Created, reissued.StatusCode);
        Assert.Equal(500, november.TotalCents);
        Assert.DoesNotContain(november.Lines, l => l.Description.StartsWith("Balance carried forward", StringComparison.Ordinal));
        Assert.Equal(0, await Fixture.CountAsync("invoicing.support_adjustments", $"carried_from_invoice_id = '{october.Id}'"));
        Assert.Equal(1, await Fixture.CountAsync("invoicing.audit_entries", "action = 'balance.carry_withdrawn'"));
    }

    /// <summary>
    /// November billed October's carried 7.50 as a refund; voiding October cancels the lines that refund came from, so
    /// the 7.50 is charged back on the next invoice. Without October the owner owes November's 5.00 and December's
    /// 10.00: that is what November and December come to together.
    /// </summary>
    [Fact]
    public async Task Voiding_an_invoice_charges_back_the_balance_it_carried_forward_that_a_standing_invoice_already_billed()
    {
        await using var host = Host();
        segments.Add(new GaugeSegment(Owner, App, UsageMetrics.FormationQuantity, "web", "standard-1x", 1, December.Start, December.Start.AddDays(12), "evt-3"));
        var october = await OctoberRefundedBeyondItsChargesAsync(host);
        var november = await InvoiceAsync(host, November);
        Assert.Equal(0, november.TotalCents);

        var admin = ApiClients.Create(host, BillingApiFactory.AdminToken);
        Assert.Equal(HttpStatusCode.Created, (await admin.PostAsJsonAsync($"/admin/invoicing/invoices/{october.Number}/void", new { reason = "wrong owner" })).StatusCode);
        var december = await InvoiceAsync(host, December);

        Assert.Single(december.Lines, l => l.Description == $"Balance carried forward from voided invoice {october.Number}, charged back" && l.AmountCents == 750);
        Assert.Single(december.Lines, l => l.Description == $"Balance carried forward from invoice {november.Number}" && l.AmountCents == -250);
        Assert.Equal(500 + 1000, november.TotalCents + december.TotalCents);
        var audit = (await admin.GetFromJsonAsync<JsonElement>($"/admin/invoicing/audit?subject={Owner}")).EnumerateArray()
            .Single(e => e.GetProperty("action").GetString() == "balance.carry_charged_back");
        Assert.Equal((-750L, 0L), (audit.GetProperty("before_cents").GetInt64(), audit.GetProperty("after_cents").GetInt64()));
    }

    /// <summary>When the invoice that billed the carried balance was voided first, the balance went with that void: nothing is charged back.</summary>
    [Fact]
    public async Task A_carried_balance_billed_by_an_invoice_voided_since_is_not_charged_back()
    {
        await using var host = Host();
        var october = await OctoberRefundedBeyondItsChargesAsync(host);
        var november = await InvoiceAsync(host, November);
        var admin = ApiClients.Create(host, BillingApiFactory.AdminToken);
        Assert.Equal(HttpStatusCode.Created, (await admin.PostAsJsonAsync($"/admin/invoicing/invoices/{november.Number}/void", new { reason = "wrong owner" })).StatusCode);

        Assert.Equal(HttpStatusCode.Created, (await admin.PostAsJsonAsync($"/admin/invoicing/invoices/{october.Number}/void", new { reason = "wrong owner" })).StatusCode);

        Assert.Equal(0, await Fixture.CountAsync("invoicing.support_adjustments", "applied_to_invoice_id IS NULL AND amount_cents > 0"));
        Assert.Equal(0, await Fixture.CountAsync("invoicing.audit_entries", "action = 'balance.carry_charged_back'"));
    }

    [Fact]
    public async Task Every_invoice_line_explains_itself_down_to_the_usage_event_ids()
    {
        await using var host = Host();
        await SeedAsync(host);
        var october = await InvoiceAsync(host, October);
        var support = await ApiClients.IssueTokenAsync(ApiClients.Create(host, BillingApiFactory.AdminToken), Roles.BillingSupport, null);

        var explained = await ApiClients.Create(host, support.Token).GetFromJsonAsync<JsonElement>($"/admin/invoicing/invoices/{october.Number}/lines");

        var line = explained.GetProperty("lines").EnumerateArray().Single();
        var why = line.GetProperty("explanation");
        Assert.Equal("shop web standard-1x", line.GetProperty("description").GetString());
        Assert.Equal("evt-1", why.GetProperty("intervals")[0].GetProperty("source_event_id").GetString());
        Assert.True(why.GetProperty("intervals_reproduced").GetBoolean());
        Assert.Equal(1, why.GetProperty("interval_count").GetInt32());
        Assert.Equal(15 * 86_400, why.GetProperty("billable_seconds").GetInt64());
        Assert.Equal(2_592_000, why.GetProperty("billing_month_seconds").GetInt64());
        Assert.False(why.GetProperty("cap_applied").GetBoolean());
        Assert.Equal(1250m, why.GetProperty("uncapped_cents").GetDecimal());
        Assert.Contains("half-to-even", why.GetProperty("rounding").GetString(), StringComparison.Ordinal);
        Assert.NotEqual(Guid.Empty, why.GetProperty("price_version_id").GetGuid());
    }

    /// <summary>Usage of a size the price book lacks made the customer's preview a 500.</summary>
    [Fact]
    public async Task The_upcoming_invoice_of_usage_without_a_price_is_a_clear_503_not_a_crash()
    {
        await using var host = Host();
        await SeedAsync(host);
        segments.Add(new GaugeSegment(Owner, App, UsageMetrics.FormationQuantity, "web", "performance-xl", 1, October.Start.AddDays(2), October.Start.AddDays(4), "evt-unpriced"));
        clock.SetUtcNow(October.Start.AddDays(20));
        var customer = await ApiClients.IssueTokenAsync(ApiClients.Create(host, BillingApiFactory.AdminToken), Roles.Customer, Owner.Id);

        var preview = await ApiClients.Create(host, customer.Token).GetAsync("/account/upcoming-invoice");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, preview.StatusCode);
        var error = await preview.JsonAsync();
        Assert.Equal("unavailable", error.GetProperty("id").GetString());
        Assert.Contains("performance-xl", error.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_upcoming_invoice_previews_the_current_month_to_date_without_storing_anything()
    {
        await using var host = Host();
        await SeedAsync(host);
        clock.SetUtcNow(October.Start.AddDays(20));
        var customer = await ApiClients.IssueTokenAsync(ApiClients.Create(host, BillingApiFactory.AdminToken), Roles.Customer, Owner.Id);

        var preview = await ApiClients.Create(host, customer.Token).GetFromJsonAsync<JsonElement>("/account/upcoming-invoice");

        Assert.Equal(("10/01/2026", "10/31/2026", 1250L), (preview.GetProperty("period_start").GetString(), preview.GetProperty("period_end").GetString(), preview.GetProperty("total").GetInt64()));
        Assert.Equal("0.5 months × $25.00/month", preview.GetProperty("lines")[0].GetProperty("quantity").GetString());
        Assert.Equal(0, await Fixture.CountAsync("invoicing.invoices"));
    }
}
