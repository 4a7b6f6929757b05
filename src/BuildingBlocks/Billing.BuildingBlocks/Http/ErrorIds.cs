namespace Billing.BuildingBlocks.Http;

/// <summary>The error ids Heroku clients react to (contract §3.6).</summary>
public static class ErrorIds
{
    public const string BadRequest = "bad_request";
    public const string Unauthorized = "unauthorized";
    public const string Delinquent = "delinquent";
    public const string Forbidden = "forbidden";
    public const string Suspended = "suspended";
    public const string NotFound = "not_found";
    public const string MethodNotAllowed = "method_not_allowed";
    public const string NotAcceptable = "not_acceptable";
    public const string Conflict = "conflict";
    public const string Gone = "gone";
    public const string PayloadTooLarge = "payload_too_large";
    public const string UnsupportedMediaType = "unsupported_media_type";
    public const string RequestedRangeNotSatisfiable = "requested_range_not_satisfiable";
    public const string InvalidParams = "invalid_params";
    public const string VerificationNeeded = "verification_needed";
    public const string RateLimit = "rate_limit";
    public const string InternalServerError = "internal_server_error";
    public const string BadGateway = "bad_gateway";
    public const string GatewayTimeout = "gateway_timeout";
    public const string Unavailable = "unavailable";
}
