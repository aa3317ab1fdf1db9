namespace Platform.Core.Common;

/// <summary>An amount in an ISO 4217 currency; never a bare number.</summary>
public sealed record Money(decimal Amount, string Currency)
{
    public override string ToString() => $"{Amount:0.00} {Currency}";
}
