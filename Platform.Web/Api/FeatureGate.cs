using Microsoft.FeatureManagement;
using Platform.Core.Errors;
using Platform.Core.Features;

namespace Platform.Web.Api;

public static class FeatureGate
{
    /// <summary>Answers 403 with code <c>feature.not_in_plan</c> when the tenant's plan lacks the feature.</summary>
    public static TBuilder RequireFeature<TBuilder>(this TBuilder builder, string feature)
        where TBuilder : IEndpointConventionBuilder =>
        builder.AddEndpointFilter(async (context, next) =>
        {
            var features = context.HttpContext.RequestServices.GetRequiredService<IFeatureManager>();
            if (await features.IsEnabledAsync(feature))
            {
                return await next(context);
            }

            return NotInPlan(feature);
        });

    /// <summary>403 with code <c>feature.not_in_plan</c>, naming the feature.</summary>
    public static IResult NotInPlan(string feature)
    {
        var title = PlatformFeatures.All.FirstOrDefault(f => f.Name == feature)?.Title ?? feature;
        return TypedResults.Problem(
            statusCode: StatusCodes.Status403Forbidden,
            title: $"{title} is not part of this tenant's plan.",
            detail: "Upgrade the plan, or ask the platform operator to enable the feature.",
            extensions: new Dictionary<string, object?> { ["code"] = ErrorCodes.FeatureNotInPlan, ["feature"] = feature });
    }
}
