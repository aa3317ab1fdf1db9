using System.Net.Mail;
using Microsoft.EntityFrameworkCore;
using Platform.Core.Bookings;
using Platform.Core.Common;
using Platform.Core.Errors;
using Platform.Core.Tenancy;
using Platform.Infrastructure.Data;

namespace Platform.Infrastructure.Bookings;

public sealed record NewCustomer(string Name, string Email, string? Phone, string? TimeZone, string? Notes);

public sealed record CustomerPage(IReadOnlyList<Customer> Items, int Page, int PageSize, int Total);

/// <summary>The current tenant's customers: people with a portal account and guests who booked.</summary>
public sealed class CustomerDirectory(PlatformDbContext db, ITenantContext tenantContext, TimeProvider clock)
{
    public const int MaxPageSize = 100;

    public async Task<CustomerPage> ListAsync(string? search, int page, int pageSize, CancellationToken ct = default)
    {
        var query = db.Customers.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(search))
        {
            // Upper-cased on both sides, as in PeopleDirectory: providers translate ToUpper/Contains.
            var term = search.Trim().ToUpperInvariant();
#pragma warning disable CA1862
            query = query.Where(c => c.Name.ToUpper().Contains(term) || c.Email.ToUpper().Contains(term));
#pragma warning restore CA1862
        }

        var total = await query.CountAsync(ct);
        var items = await query.OrderBy(c => c.Name).ThenBy(c => c.Id).Skip((page - 1) * pageSize).Take(pageSize).ToListAsync(ct);
        return new CustomerPage(items, page, pageSize, total);
    }

    public Task<Customer?> FindAsync(Guid id, CancellationToken ct = default) =>
        db.Customers.AsNoTracking().FirstOrDefaultAsync(c => c.Id == id, ct);

    public async Task<Outcome<Customer>> CreateAsync(NewCustomer command, CancellationToken ct = default)
    {
        var errors = new Dictionary<string, string[]>();
        var name = (command.Name ?? "").Trim();
        if (name.Length is 0 or > 120)
        {
            errors[nameof(NewCustomer.Name)] = ["Enter a name of at most 120 characters."];
        }

        var email = (command.Email ?? "").Trim();
        if (email.Length > 256 || !MailAddress.TryCreate(email, out var parsed) || parsed.Address != email)
        {
            errors[nameof(NewCustomer.Email)] = ["Enter a valid e-mail address."];
        }

        var phone = string.IsNullOrWhiteSpace(command.Phone) ? null : command.Phone.Trim();
        if (phone is { Length: > 32 } || (phone is not null && !phone.All(c => char.IsDigit(c) || c is '+' or ' ' or '-' or '(' or ')')))
        {
            errors[nameof(NewCustomer.Phone)] = ["Enter a phone number of digits, spaces and + - ( ), at most 32 characters."];
        }

        var zone = string.IsNullOrWhiteSpace(command.TimeZone) ? tenantContext.Tenant?.TimeZone ?? "UTC" : command.TimeZone.Trim();
        if (!TimeZones.IsValidIana(zone))
        {
            errors[nameof(NewCustomer.TimeZone)] = ["Enter an IANA time zone such as Europe/Berlin."];
        }

        var notes = command.Notes?.Trim() ?? "";
        if (notes.Length > 2000)
        {
            errors[nameof(NewCustomer.Notes)] = ["Notes have at most 2000 characters."];
        }

        if (errors.Count > 0)
        {
            return new Outcome<Customer>(null, errors, ErrorCodes.ValidationFailed);
        }

        var customer = new Customer { Name = name, Email = email, Phone = phone, TimeZone = zone, Notes = notes, CreatedAt = clock.GetUtcNow() };
        db.Customers.Add(customer);
        await db.SaveChangesAsync(ct);
        return Outcome<Customer>.Ok(customer);
    }
}
