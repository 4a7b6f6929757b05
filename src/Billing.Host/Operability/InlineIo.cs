using Billing.BuildingBlocks.Jobs;

namespace Billing.Host.Operability;

/// <summary>
/// The web role's event-loop I/O (<c>Edge:InlineIo</c>, ADR 0037): socket completions and Kestrel's
/// request processing run on the epoll threads, as in nginx, instead of being handed to the thread
/// pool at every read and write.
/// </summary>
/// <remarks>
/// Half of the forwarding edge's CPU went to those hand-offs (ADR 0037). The price is that whatever
/// a request or an awaited socket read does next runs on a loop shared by many connections, so a long
/// burst of CPU stalls all of them. A billing run's partitions are such bursts (their continuations
/// after each PostgreSQL read would run on the loop), so an instance with inline I/O must not process
/// jobs: it is an API/edge instance next to worker instances that keep the defaults.
/// </remarks>
internal static class InlineIo
{
    public const string Key = "Edge:InlineIo";

    // Read by System.Net.Sockets when its first socket is created, which is after this runs.
    private const string SocketCompletionsVariable = "DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS";

    public static WebApplicationBuilder UseInlineIoWhenConfigured(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        if (!builder.Configuration.GetValue<bool>(Key))
        {
            return builder;
        }

        if (builder.Configuration.GetValue(JobsOptions.Section + ":" + nameof(JobsOptions.ServerEnabled), defaultValue: true))
        {
            throw new InvalidOperationException(
                $"{Key} is for API/edge instances: set {JobsOptions.Section}:{nameof(JobsOptions.ServerEnabled)}=false as well, " +
                "and let instances without inline I/O process the jobs (a job's CPU bursts would stall the request loops).");
        }

        // An explicit setting of the runtime's own variable wins (to measure one half without the other).
        if (Environment.GetEnvironmentVariable(SocketCompletionsVariable) is null)
        {
            Environment.SetEnvironmentVariable(SocketCompletionsVariable, "1");
        }

        builder.WebHost.UseSockets(sockets =>
        {
            sockets.UnsafePreferInlineScheduling = true;
            // Buffers are taken when data is there rather than parked per idle connection; with inline
            // scheduling the read is processed at once, so the buffer goes back to the pool at once too.
            sockets.WaitForDataBeforeAllocatingBuffer = false;
        });
        return builder;
    }
}
