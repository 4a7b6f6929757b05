using System.Diagnostics;
using Mediator;
using Microsoft.Extensions.Logging;

namespace Billing.BuildingBlocks.Mediation;

/// <summary>One log line per command or query with its outcome and duration; the request id comes from the log scope.</summary>
public sealed class LoggingBehavior<TMessage, TResponse>(ILogger<LoggingBehavior<TMessage, TResponse>> logger)
    : IPipelineBehavior<TMessage, TResponse>
    where TMessage : notnull, IMessage
{
    public async ValueTask<TResponse> Handle(TMessage message, MessageHandlerDelegate<TMessage, TResponse> next, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(next);
        var name = typeof(TMessage).Name;
        var started = Stopwatch.GetTimestamp();
        try
        {
            var response = await next(message, cancellationToken);
            logger.LogInformation("{Message} handled in {ElapsedMs:0.0} ms", name, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            return response;
        }
        catch (ValidationFailedException ex)
        {
            logger.LogInformation("{Message} rejected: {Reason}", name, ex.Message);
            throw;
        }
        catch (Exception ex)
        {
            logger.LogWarning(ex, "{Message} failed after {ElapsedMs:0.0} ms", name, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            throw;
        }
    }
}
