using Microsoft.AspNetCore.Http.Extensions;
using Microsoft.AspNetCore.Http.HttpResults;
using Platform.Core.Common;
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

    /// <summary>A person as /api/v1/people shows them; the v1 contract, apart from the internal record.</summary>
    public sealed record PersonDto(Guid Id, string DisplayName, string Email, IReadOnlyList<string> Roles, bool EmailConfirmed, DateTimeOffset CreatedAt)
    {
        public static PersonDto From(PersonSummary p) => new(p.Id, p.DisplayName, p.Email, p.Roles, p.EmailConfirmed, p.CreatedAt);
    }

    /// <summary>An open invitation as the API shows it: never the token or its hash.</summary>
    public sealed record InvitationDto(Guid Id, string Email, string DisplayName, string Role, DateTimeOffset CreatedAt, DateTimeOffset ExpiresAt)
    {
        public static InvitationDto From(InvitationSummary i) => new(i.Id, i.Email, i.DisplayName, i.Role, i.CreatedAt, i.ExpiresAt);
    }

    private static async Task<Results<Ok<PageOf<PersonDto>>, ValidationProblem, ProblemHttpResult>> ListPeopleAsync(
        PeopleDirectory directory, CancellationToken ct, int? page = null, int? pageSize = null, string? search = null, string? role = null)
    {
        PageRequest.TryCreate(page, pageSize, out var request, out var pageErrors);
        var errors = new Dictionary<string, string[]>(pageErrors);
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
        var outcome = await directory.FindAsync(new PeopleQuery(request, search, roles), ct);
        if (outcome is not { Succeeded: true, Value: { } found })
        {
            return ApiProblems.Of(outcome);
        }

        return TypedResults.Ok(PageOf<PersonDto>.From(found, PersonDto.From));
    }

    private static async Task<Ok<InvitationDto[]>> ListInvitationsAsync(PeopleDirectory directory, CancellationToken ct) =>
        TypedResults.Ok((await directory.OpenInvitationsAsync(ct)).Select(InvitationDto.From).ToArray());

    private static async Task<Results<Created<InvitationDto>, ValidationProblem, ProblemHttpResult>> InviteAsync(
        InviteRequest request, StaffInvitations invitations, HttpContext http, CancellationToken ct)
    {
        var acceptUrl = UriHelper.BuildAbsolute(http.Request.Scheme, http.Request.Host, http.Request.PathBase, "/Account/AcceptInvitation");
        var outcome = await invitations.InviteAsync(new InviteStaff(request.Email ?? "", request.DisplayName ?? "", request.Role ?? ""), acceptUrl, ct: ct);
        if (outcome is not { Succeeded: true, Value: { } invitation })
        {
            // Field names as the JSON body spells them.
            return ApiProblems.Of(outcome);
        }

        var location = UriHelper.BuildRelative(http.Request.PathBase, $"/api/v1/invitations/{invitation.Id}");
        return TypedResults.Created(location, InvitationDto.From(InvitationSummary.From(invitation)));
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> RevokeAsync(Guid id, StaffInvitations invitations, CancellationToken ct) =>
        await invitations.RevokeAsync(id, ct) is { Succeeded: false } refused
            // Another tenant's invitation is "not found" too: its existence is none of this tenant's business.
            ? ApiProblems.Of(refused)
            : TypedResults.NoContent();
}
