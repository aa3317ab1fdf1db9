namespace Platform.Core.Tenancy;

public enum PlanTier
{
    Free = 0,
    Premium = 1,
    Enterprise = 2,
}
