using Microsoft.AspNetCore.Http;

namespace Billing.BuildingBlocks.Http;

/// <summary>
/// A ranged list response: <c>Accept-Ranges</c> and <c>Content-Range</c> always; <c>206</c> and
/// <c>Next-Range</c> only when more items exist. Never <c>Next-Range</c> on the last page, because
/// the node client follows it whenever present and would loop forever.
/// </summary>
public sealed class HerokuListResult<T>(Page<T> page) : IResult
{
    public Task ExecuteAsync(HttpContext httpContext)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        var headers = httpContext.Response.Headers;
        var range = page.Range;
        headers.AcceptRanges = string.Join(", ", page.SortableFields);
        headers.ContentRange = $"{range.Field} {page.FirstKey}..{page.LastKey}; max={range.Max}";
        var status = StatusCodes.Status200OK;
        if (page.HasMore && page.LastKey is not null)
        {
            headers["Next-Range"] = range.NextRange(page.LastKey);
            status = StatusCodes.Status206PartialContent;
        }

        return TypedResults.Json(page.Items, statusCode: status).ExecuteAsync(httpContext);
    }
}

public static class HerokuResults
{
    public static HerokuListResult<T> List<T>(Page<T> page) => new(page);
}
