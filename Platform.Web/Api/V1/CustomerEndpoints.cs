using Microsoft.AspNetCore.Http.HttpResults;
using Platform.Core.Bookings;
using Platform.Core.Common;
using Platform.Core.Identity;
using Platform.Infrastructure.Bookings;
using Platform.Infrastructure.Identity;
using Platform.Web.Security;

namespace Platform.Web.Api.V1;

/// <summary>/api/v1/customers: the tenant's customers, for staff and the tenant's integration.</summary>
public static class CustomerEndpoints
{
    public static void Map(RouteGroupBuilder v1)
    {
        var customers = v1.MapGroup("/customers").WithTags("Customers").RequireAuthorization(PlatformPolicies.TenantStaff);
        customers.MapGet("", ListAsync).RequireApiKeyScope(ApiKeyScopes.BookingsRead).WithSummary("Customers, by name, paged, searchable by name or e-mail.");
        customers.MapGet("/{id:guid}", GetAsync).RequireApiKeyScope(ApiKeyScopes.BookingsRead).WithSummary("One customer.");
        customers.MapPost("", CreateAsync).RequireApiKeyScope(ApiKeyScopes.BookingsWrite).WithSummary("Adds a customer (for example one who booked by phone).");
    }

    private static async Task<Results<Ok<PageOf<CustomerDto>>, ValidationProblem>> ListAsync(CustomerDirectory customers, string? search, int? page, int? pageSize, CancellationToken ct)
    {
        if (!PageRequest.TryCreate(page, pageSize, out var request, out var errors))
        {
            return ApiProblems.Invalid(errors);
        }

        if (search is { Length: > CustomerDirectory.MaxSearchLength })
        {
            return ApiProblems.Invalid("search", $"Search for at most {CustomerDirectory.MaxSearchLength} characters.");
        }

        return TypedResults.Ok(PageOf<CustomerDto>.From(await customers.ListAsync(search, request, ct), CustomerDto.From));
    }

    private static async Task<Results<Ok<CustomerDto>, ProblemHttpResult>> GetAsync(Guid id, CustomerDirectory customers, CancellationToken ct) =>
        await customers.FindAsync(id, ct) is { } customer ? TypedResults.Ok(CustomerDto.From(customer)) : ApiProblems.NotFound("There is no such customer.");

    private static async Task<Results<Created<CustomerDto>, ProblemHttpResult>> CreateAsync(NewCustomer body, CustomerDirectory customers, HttpContext http, CancellationToken ct)
    {
        var outcome = await customers.CreateAsync(body, ct);
        return outcome.Succeeded
            ? TypedResults.Created($"{http.Request.PathBase}/api/v1/customers/{outcome.Value!.Id}", CustomerDto.From(outcome.Value))
            : ApiProblems.Of(outcome);
    }

    /// <summary>A customer as v1 shows it.</summary>
    public sealed record CustomerDto(Guid Id, string Name, string Email, string? Phone, string TimeZone, DateTimeOffset CreatedAt)
    {
        public static CustomerDto From(Customer c) => new(c.Id, c.Name, c.Email, c.Phone, c.TimeZone, c.CreatedAt);
    }
}
