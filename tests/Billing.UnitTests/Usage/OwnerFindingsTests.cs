using System.Threading.Channels;
using Billing.BuildingBlocks.Abstractions.Billing;
using Billing.Usage.Reading;

namespace Billing.UnitTests.Usage;

/// <summary>
/// Planning's walk (one finding per owner and metric) becomes one finding per owner, handed out while the walk is still
/// going: a billing run's workers must not wait for the last owner to be probed before rating the first (ADR 0057).
/// </summary>
public sealed class OwnerFindingsTests
{
    private static readonly BillableOwner First = BillableOwner.Account(Guid.NewGuid());
    private static readonly BillableOwner Second = BillableOwner.Team(Guid.NewGuid());
    private static readonly BillableOwner Third = BillableOwner.Team(Guid.NewGuid());

    [Fact]
    public async Task An_owner_is_handed_out_as_soon_as_the_next_owners_first_metric_arrives_while_the_walk_goes_on()
    {
        var walk = Channel.CreateUnbounded<(BillableOwner, OwnerFound)>();
        await using var owners = OwnerFindings.PerOwner(walk.Reader.ReadAllAsync()).GetAsyncEnumerator();

        walk.Writer.TryWrite((First, OwnerFound.Nothing));
        walk.Writer.TryWrite((First, OwnerFound.InPeriod));
        var next = owners.MoveNextAsync().AsTask();
        await Task.Delay(50);
        Assert.False(next.IsCompleted); // the first owner may still have metrics to come

        walk.Writer.TryWrite((Second, OwnerFound.HeldBefore));
        Assert.True(await next.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.Equal((First, OwnerFound.InPeriod), owners.Current);
        Assert.False(walk.Reader.Completion.IsCompleted); // handed out mid-walk: nothing has ended the walk

        walk.Writer.TryWrite((Third, OwnerFound.Nothing));
        walk.Writer.Complete();
        Assert.True(await owners.MoveNextAsync());
        Assert.Equal((Second, OwnerFound.HeldBefore), owners.Current);
        Assert.False(await owners.MoveNextAsync());
    }

    [Fact]
    public async Task Each_owner_gets_its_best_finding_and_owners_with_nothing_found_are_left_out()
    {
        (BillableOwner, OwnerFound)[] walk =
        [
            (First, OwnerFound.HeldBefore), (First, OwnerFound.InPeriod), (First, OwnerFound.Nothing),
            (Second, OwnerFound.Nothing), (Second, OwnerFound.Nothing),
            (Third, OwnerFound.Nothing), (Third, OwnerFound.HeldBefore),
        ];

        var found = await OwnerFindings.PerOwner(walk.ToAsyncEnumerable()).ToListAsync();

        Assert.Equal([(First, OwnerFound.InPeriod), (Third, OwnerFound.HeldBefore)], found);
    }

    [Fact]
    public async Task An_empty_walk_finds_no_one()
    {
        Assert.Empty(await OwnerFindings.PerOwner(Array.Empty<(BillableOwner, OwnerFound)>().ToAsyncEnumerable()).ToListAsync());
    }
}
