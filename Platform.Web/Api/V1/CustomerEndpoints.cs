using Microsoft.AspNetCore.Http.HttpResults;
using Platform.Core.Bookings;
using Platform.Core.Common;
using Platform.Core.Errors;
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
        customers.MapPost("", CreateAsync).RequireApiKeyScope(ApiKeyScopes.BookingsWrite)
            .WithSummary("Adds a customer (for example one who booked by phone); an e-mail address already here is 409 customer.duplicate_email with existingCustomerId.");
        customers.MapPut("/{id:guid}", UpdateAsync).RequireApiKeyScope(ApiKeyScopes.BookingsWrite)
            .WithSummary("Changes a customer's details; another customer's e-mail address is 409 customer.duplicate_email with existingCustomerId.");
        customers.MapPost("/{id:guid}/merge", MergeAsync).RequireApiKeyScope(ApiKeyScopes.BookingsWrite)
            .WithSummary("Merges the customer duplicateId into this one, bookings and account link included (managers and admins only).");
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
            : await ProblemAsync(outcome, body.Email, customers, ct);
    }

    private static async Task<Results<Ok<CustomerDto>, ProblemHttpResult>> UpdateAsync(Guid id, NewCustomer body, CustomerDirectory customers, CancellationToken ct)
    {
        var outcome = await customers.UpdateAsync(id, body, ct);
        return outcome.Succeeded ? TypedResults.Ok(CustomerDto.From(outcome.Value!)) : await ProblemAsync(outcome, body.Email, customers, ct);
    }

    private static async Task<Results<Ok<MergedCustomerDto>, ProblemHttpResult>> MergeAsync(Guid id, MergeBody body, CustomerMerges merges, CancellationToken ct)
    {
        if (body.DuplicateId == Guid.Empty)
        {
            return ApiProblems.Of(Outcome<MergedCustomer>.Fail(ErrorCodes.ValidationFailed, nameof(MergeBody.DuplicateId), "Name the customer to merge into this one."));
        }

        var outcome = await merges.MergeAsync(id, body.DuplicateId, ct);
        return outcome.Succeeded
            ? TypedResults.Ok(new MergedCustomerDto(CustomerDto.From(outcome.Value!.Customer), outcome.Value.BookingsMoved))
            : ApiProblems.Of(outcome);
    }

    /// <summary>The problem for a refused create or change; a duplicate e-mail names the customer who has it, so a client can use them instead.</summary>
    private static async Task<ProblemHttpResult> ProblemAsync(Outcome<Customer> outcome, string? email, CustomerDirectory customers, CancellationToken ct)
    {
        if (outcome.Code != ErrorCodes.CustomerDuplicate || await customers.FindByEmailAsync(email, ct) is not { } existing)
        {
            return ApiProblems.Of(outcome);
        }

        return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: outcome.Errors.Values.SelectMany(v => v).First(), extensions: new Dictionary<string, object?>
        {
            ["code"] = ErrorCodes.CustomerDuplicate,
            ["errors"] = new Dictionary<string, string[]> { ["email"] = [.. outcome.Errors.Values.SelectMany(v => v)] },
            ["existingCustomerId"] = existing.Id,
        });
    }

    public sealed record MergeBody(Guid DuplicateId);

    /// <summary>The customer left after a merge, and how many bookings moved to them.</summary>
    public sealed record MergedCustomerDto(CustomerDto Customer, int BookingsMoved);

    /// <summary>A customer as v1 shows it.</summary>
    public sealed record CustomerDto(Guid Id, string Name, string Email, string? Phone, string TimeZone, DateTimeOffset CreatedAt)
    {
        public static CustomerDto From(Customer c) => new(c.Id, c.Name, c.Email, c.Phone, c.TimeZone, c.CreatedAt);
    }
}
