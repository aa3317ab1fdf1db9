using System.Net;

namespace Platform.Infrastructure.Sms;

/// <summary>
/// Twilio did not accept a text message: a rejection (4xx, for example an invalid number, Twilio code 21211),
/// or failures that outlasted the retries (5xx, 429, timeouts, no connection).
/// </summary>
public sealed class TwilioSmsException : Exception
{
    public TwilioSmsException()
    {
    }

    public TwilioSmsException(string message)
        : base(message)
    {
    }

    public TwilioSmsException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public TwilioSmsException(string message, HttpStatusCode? statusCode, int? twilioCode, Exception? innerException = null)
        : base(message, innerException)
    {
        StatusCode = statusCode;
        TwilioCode = twilioCode;
    }

    /// <summary>The last HTTP status, or null when no response came (timeout, connection failure).</summary>
    public HttpStatusCode? StatusCode { get; }

    /// <summary>Twilio's own error code from the response body (see twilio.com/docs/api/errors), when it sent one.</summary>
    public int? TwilioCode { get; }
}
