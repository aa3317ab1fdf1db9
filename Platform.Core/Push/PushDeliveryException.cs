namespace Platform.Core.Push;

/// <summary>A push service refused a message for another reason than a gone subscription, or could not be reached.</summary>
public sealed class PushDeliveryException : Exception
{
    public PushDeliveryException()
    {
    }

    public PushDeliveryException(string message)
        : base(message)
    {
    }

    public PushDeliveryException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public PushDeliveryException(string message, int? statusCode, Exception? innerException = null)
        : base(message, innerException)
    {
        StatusCode = statusCode;
    }

    /// <summary>The push service's HTTP status, or null when no response came.</summary>
    public int? StatusCode { get; }
}
