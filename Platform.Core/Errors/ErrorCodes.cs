namespace Platform.Core.Errors;

/// <summary>Stable machine-readable codes carried in the <c>code</c> field of every problem response.</summary>
public static class ErrorCodes
{
    public const string ValidationFailed = "validation.failed";
    public const string NotFound = "not_found";
    public const string Unauthorized = "auth.unauthorized";
    public const string InvalidApiKey = "auth.invalid_api_key";
    public const string Forbidden = "auth.forbidden";
    public const string FeatureNotInPlan = "feature.not_in_plan";
    public const string TenantNotFound = "tenant.not_found";
    public const string TenantSuspended = "tenant.suspended";
    public const string Conflict = "conflict";
    public const string PreconditionFailed = "precondition_failed";
    public const string Gone = "gone";
    public const string InternalError = "internal_error";
    public const string TooManyRequests = "rate_limited";
    public const string MethodNotAllowed = "request.method_not_allowed";
    public const string UnsupportedMediaType = "request.unsupported_media_type";
    public const string RequestTooLarge = "request.too_large";
    public const string RequestRejected = "request.rejected";
    public const string SlotUnavailable = "booking.slot_unavailable";
    public const string InvalidTransition = "booking.invalid_transition";
    public const string OutsideCancellationWindow = "booking.outside_cancellation_window";
    public const string IdempotencyKeyReused = "idempotency.key_reused";
    public const string CustomerDuplicate = "customer.duplicate_email";
    public const string CustomerMergeRefused = "customer.merge_refused";
    public const string WorkflowInvalidDefinition = "workflow.invalid_definition";
    public const string MfaRequired = "auth.mfa_required";
    public const string InvalidCode = "mfa.invalid_code";
    public const string SmsThrottled = "mfa.sms_throttled";
}
