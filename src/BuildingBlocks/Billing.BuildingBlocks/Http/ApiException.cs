using Microsoft.AspNetCore.Http;

namespace Billing.BuildingBlocks.Http;

/// <summary>A client-facing failure with a Heroku error id (contract §3.6); rendered as <c>{"id","message"}</c>.</summary>
public class ApiException : Exception
{
    public ApiException(int status, string id, string message)
        : base(message)
    {
        Status = status;
        Id = id;
    }

    public ApiException()
        : this(StatusCodes.Status400BadRequest, ErrorIds.BadRequest, "Bad request.")
    {
    }

    public ApiException(string message)
        : this(StatusCodes.Status400BadRequest, ErrorIds.BadRequest, message)
    {
    }

    public ApiException(string message, Exception innerException)
        : base(message, innerException)
    {
        Status = StatusCodes.Status400BadRequest;
        Id = ErrorIds.BadRequest;
    }

    public int Status { get; }

    public string Id { get; }
}

/// <summary>404 <c>not_found</c>; also what another tenant's resource answers, so its existence is not revealed.</summary>
public sealed class NotFoundException(string message) : ApiException(StatusCodes.Status404NotFound, ErrorIds.NotFound, message);

/// <summary>422 <c>invalid_params</c>: the request is well-formed but a value in it is refused.</summary>
public sealed class InvalidParamsException(string message) : ApiException(StatusCodes.Status422UnprocessableEntity, ErrorIds.InvalidParams, message);

public sealed class ConflictException(string message) : ApiException(StatusCodes.Status409Conflict, ErrorIds.Conflict, message);

public sealed class RangeNotSatisfiableException(string message)
    : ApiException(StatusCodes.Status416RangeNotSatisfiable, ErrorIds.RequestedRangeNotSatisfiable, message);
