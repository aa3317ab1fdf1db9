using System.Text.Json;
using Microsoft.AspNetCore.Http.Extensions;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Platform.Core.Identity;
using Platform.Infrastructure.Identity;

using Platform.Web.Security;

namespace Platform.Web.Api.V1;

/// <summary>The tenant's people and staff invitations. Every query runs in the request's tenant.</summary>
public static class PeopleEndpoints
{
    public static void Map(RouteGroupBuilder v1)
    {
        v1.MapGet("/people", ListPeopleAsync)
            .RequireAuthorization(PlatformPolicies.TenantManager)
            .RequireApiKeyScope(ApiKeyScopes.PeopleRead)
            .WithTags("People")
            .WithSummary("Lists the tenant's people with their roles, a page at a time, by name.");

        var invitations = v1.MapGroup("/invitations").WithTags("People");
        invitations.MapGet("", ListInvitationsAsync)
            .RequireAuthorization(PlatformPolicies.TenantManager)
            .WithSummary("Lists the tenant's open staff invitations, newest first.");
        invitations.MapPost("", InviteAsync)
            .RequireAuthorization(PlatformPolicies.TenantAdmin)
            .WithSummary("Invites a staff member by e-mail; the link in the e-mail lets them set a password.");
        invitations.MapDelete("/{id:guid}", RevokeAsync)
            .RequireAuthorization(PlatformPolicies.TenantAdmin)
            .WithSummary("Revokes an open invitation, so its link no longer works.");
    }

    public sealed record InviteRequest(string? Email, string? DisplayName, string? Role);

    private static async Task<Results<Ok<PeoplePage>, ValidationProblem>> ListPeopleAsync(
        PeopleDirectory directory, CancellationToken ct, int page = 1, int pageSize = 25, string? search = null, string? role = null)
    {
        var errors = new Dictionary<string, string[]>();
        if (page < 1)
        {
            errors["page"] = ["The page must be 1 or more."];
        }

        if (pageSize is < 1 or > PeopleQuery.MaxPageSize)
        {
            errors["pageSize"] = [$"The page size must be between 1 and {PeopleQuery.MaxPageSize}."];
        }

        if (search?.Length > PeopleQuery.MaxSearchLength)
        {
            errors["search"] = [$"The search must be at most {PeopleQuery.MaxSearchLength} characters."];
        }

        var known = PlatformRoles.All.FirstOrDefault(r => string.Equals(r, role, StringComparison.OrdinalIgnoreCase));
        if (!string.IsNullOrEmpty(role) && (known is null || known == PlatformRoles.HostAdmin))
        {
            errors["role"] = ["The role must be TenantAdmin, Manager, Staff or Customer."];
        }

        if (errors.Count > 0)
        {
            return ApiProblems.Invalid(errors);
        }

        var roles = known is null ? [] : new[] { known };
        return TypedResults.Ok(await directory.FindAsync(new PeopleQuery(page, pageSize, search, roles), ct));
    }

    private static async Task<Ok<IReadOnlyList<InvitationSummary>>> ListInvitationsAsync(PeopleDirectory directory, CancellationToken ct) =>
        TypedResults.Ok(await directory.OpenInvitationsAsync(ct));

    private static async Task<Results<Created<InvitationSummary>, ValidationProblem>> InviteAsync(
        InviteRequest request, StaffInvitations invitations, UserManager<PlatformUser> users, HttpContext http, CancellationToken ct)
    {
        var invitedBy = Guid.Parse(users.GetUserId(http.User) ?? throw new InvalidOperationException("An authorized request has a user id."));
        var acceptUrl = UriHelper.BuildAbsolute(http.Request.Scheme, http.Request.Host, http.Request.PathBase, "/Account/AcceptInvitation");
        var outcome = await invitations.InviteAsync(new InviteStaff(request.Email ?? "", request.DisplayName ?? "", request.Role ?? ""), invitedBy, acceptUrl, ct);
        if (outcome is not { Succeeded: true, Value: { } invitation })
        {
            // Field names as the JSON body spells them.
            return ApiProblems.Invalid(outcome.Errors.ToDictionary(e => JsonNamingPolicy.CamelCase.ConvertName(e.Key), e => e.Value));
        }

        var location = UriHelper.BuildRelative(http.Request.PathBase, $"/api/v1/invitations/{invitation.Id}");
        return TypedResults.Created(location, InvitationSummary.From(invitation));
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> RevokeAsync(Guid id, StaffInvitations invitations, CancellationToken ct) =>
        await invitations.RevokeAsync(id, ct)
            ? TypedResults.NoContent()
            // Another tenant's invitation is "not found" too: its existence is none of this tenant's business.
            : ApiProblems.NotFound("There is no open invitation with this id.");

}
