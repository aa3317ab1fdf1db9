using System.Text.Json;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Platform.Infrastructure.Identity;
using Platform.Infrastructure.Notifications;

namespace Microsoft.AspNetCore.Routing;

internal static class IdentityComponentsEndpointRouteBuilderExtensions
{
    /// <summary>The account endpoints that are not pages: sign-out, passkey options and the personal data download.</summary>
    public static IEndpointConventionBuilder MapAdditionalIdentityEndpoints(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);

        var accountGroup = endpoints.MapGroup("/Account");

        accountGroup.MapPost("/Logout", async (
            [FromServices] SignInManager<PlatformUser> signInManager,
            [FromServices] BrowserPushSubscriptions pushSubscriptions,
            [FromForm] string? returnUrl,
            [FromForm] string? pushEndpoint) =>
        {
            // The page cancelled this browser's push subscription (js/signout.js); forget it here too.
            if (!string.IsNullOrEmpty(pushEndpoint))
            {
                await pushSubscriptions.RemoveEndpointAsync(pushEndpoint);
            }

            await signInManager.SignOutAsync();
            // Base-relative paths only ("", "app"): "~/" keeps the tenant's /t/{slug} prefix.
            var path = returnUrl ?? "";
            if (path.StartsWith('/') || path.StartsWith('\\') || path.Contains(':', StringComparison.Ordinal))
            {
                path = "";
            }

            return TypedResults.LocalRedirect($"~/{path}");
        });

        // Passkey ceremonies: the options (with a challenge Identity remembers for this browser) for the
        // script in js/passkeys.js. The relying party id is the request's host (ADR 0010).
        accountGroup.MapPost("/PasskeyCreationOptions", async (
            HttpContext context,
            [FromServices] UserManager<PlatformUser> userManager,
            [FromServices] SignInManager<PlatformUser> signInManager,
            [FromServices] IAntiforgery antiforgery) =>
        {
            if (!await antiforgery.IsRequestValidAsync(context))
            {
                return Results.BadRequest();
            }

            var user = await userManager.GetUserAsync(context.User);
            if (user is null)
            {
                return Results.NotFound();
            }

            var userName = user.UserName ?? user.Email ?? "User";
            var optionsJson = await signInManager.MakePasskeyCreationOptionsAsync(new()
            {
                Id = user.Id.ToString(),
                Name = userName,
                DisplayName = string.IsNullOrWhiteSpace(user.DisplayName) ? userName : user.DisplayName,
            });
            return TypedResults.Content(optionsJson, contentType: "application/json");
        }).RequireAuthorization();

        // Discoverable credentials only: the browser offers the passkeys it holds for this host, and the
        // user they belong to is looked up within this tenant (users are tenant-filtered).
        accountGroup.MapPost("/PasskeyRequestOptions", async (
            HttpContext context,
            [FromServices] SignInManager<PlatformUser> signInManager,
            [FromServices] IAntiforgery antiforgery) =>
        {
            if (!await antiforgery.IsRequestValidAsync(context))
            {
                return Results.BadRequest();
            }

            var optionsJson = await signInManager.MakePasskeyRequestOptionsAsync(user: null);
            return TypedResults.Content(optionsJson, contentType: "application/json");
        });

        var manageGroup = accountGroup.MapGroup("/Manage").RequireAuthorization();

        var loggerFactory = endpoints.ServiceProvider.GetRequiredService<ILoggerFactory>();
        var downloadLogger = loggerFactory.CreateLogger("DownloadPersonalData");

        manageGroup.MapPost("/DownloadPersonalData", async (
            HttpContext context,
            [FromServices] UserManager<PlatformUser> userManager,
            [FromServices] IAntiforgery antiforgery) =>
        {
            // No form fields are bound, so nothing would check the token otherwise.
            if (!await antiforgery.IsRequestValidAsync(context))
            {
                return Results.BadRequest();
            }

            var user = await userManager.GetUserAsync(context.User);
            if (user is null)
            {
                return Results.NotFound();
            }

            downloadLogger.LogInformation("User {UserId} asked for their personal data", user.Id);

            var personalData = new Dictionary<string, string>();
            var personalDataProps = typeof(PlatformUser).GetProperties().Where(
                prop => Attribute.IsDefined(prop, typeof(PersonalDataAttribute)));
            foreach (var p in personalDataProps)
            {
                personalData.Add(p.Name, p.GetValue(user)?.ToString() ?? "null");
            }

            personalData.Add(nameof(PlatformUser.CreatedAt), user.CreatedAt.ToString("O"));
            var logins = await userManager.GetLoginsAsync(user);
            foreach (var l in logins)
            {
                personalData.Add($"{l.LoginProvider} external login provider key", l.ProviderKey);
            }

            var fileBytes = JsonSerializer.SerializeToUtf8Bytes(personalData);
            return TypedResults.File(fileBytes, contentType: "application/json", fileDownloadName: "PersonalData.json");
        });

        return accountGroup;
    }
}
