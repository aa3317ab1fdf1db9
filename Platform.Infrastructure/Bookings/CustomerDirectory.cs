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

public sealed record CustomerSummary(Customer Customer, int Bookings, DateTimeOffset? NextBookingUtc);

public sealed record CustomerSummaryPage(IReadOnlyList<CustomerSummary> Items, int Total);

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
        var (details, errors) = Validate(command);
        if (errors.Count > 0)
        {
            return new Outcome<Customer>(null, errors, ErrorCodes.ValidationFailed);
        }

        var customer = new Customer { Name = details.Name, Email = details.Email, Phone = details.Phone, TimeZone = details.TimeZone!, Notes = details.Notes!, CreatedAt = clock.GetUtcNow() };
        db.Customers.Add(customer);
        await db.SaveChangesAsync(ct);
        return Outcome<Customer>.Ok(customer);
    }

    /// <summary>Changes a customer's details; another tenant's customer is not found.</summary>
    public async Task<Outcome<Customer>> UpdateAsync(Guid id, NewCustomer command, CancellationToken ct = default)
    {
        var customer = await db.Customers.FirstOrDefaultAsync(c => c.Id == id, ct);
        if (customer is null)
        {
            return Outcome<Customer>.Fail(ErrorCodes.NotFound, "CustomerId", "There is no such customer.");
        }

        var (details, errors) = Validate(command);
        if (errors.Count > 0)
        {
            return new Outcome<Customer>(null, errors, ErrorCodes.ValidationFailed);
        }

        (customer.Name, customer.Email, customer.Phone, customer.TimeZone, customer.Notes) = (details.Name, details.Email, details.Phone, details.TimeZone!, details.Notes!);
        await db.SaveChangesAsync(ct);
        return Outcome<Customer>.Ok(customer);
    }

    /// <summary>Customers with how many bookings each has and when the next one is, for the staff list.</summary>
    public async Task<CustomerSummaryPage> SummariesAsync(string? search, int page, int pageSize, DateTimeOffset now, CancellationToken ct = default)
    {
        var list = await ListAsync(search, page, pageSize, ct);
        var ids = list.Items.Select(c => c.Id).ToList();
        var counts = await db.Bookings.AsNoTracking().Where(b => ids.Contains(b.CustomerId)).GroupBy(b => b.CustomerId)
            .Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(x => x.Key, x => x.Count, ct);
        var next = await db.Bookings.AsNoTracking()
            .Where(b => ids.Contains(b.CustomerId) && b.StartUtc > now && (b.Status == BookingStatus.Pending || b.Status == BookingStatus.Confirmed))
            .Select(b => new { b.CustomerId, b.StartUtc }).ToListAsync(ct);
        var nextByCustomer = next.GroupBy(b => b.CustomerId).ToDictionary(g => g.Key, g => g.Min(b => b.StartUtc));
        return new CustomerSummaryPage(
            [.. list.Items.Select(c => new CustomerSummary(c, counts.GetValueOrDefault(c.Id), nextByCustomer.TryGetValue(c.Id, out var at) ? at : null))],
            list.Total);
    }

    /// <summary>Trimmed details with the tenant's zone as the default, and a message per field that is wrong.</summary>
    /// <summary>What a person is told when <see cref="IsValidPhone"/> refuses their phone number.</summary>
    public const string PhoneProblem = "Enter a phone number of digits, spaces and + - ( ), at most 32 characters.";

    /// <summary>A trimmed phone number a customer may keep: digits, spaces and + - ( ), at most 32 characters.</summary>
    public static bool IsValidPhone(string phone) =>
        phone.Length is > 0 and <= 32 && phone.All(c => char.IsDigit(c) || c is '+' or ' ' or '-' or '(' or ')');

    private (NewCustomer Details, Dictionary<string, string[]> Errors) Validate(NewCustomer command)
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
        if (phone is not null && !IsValidPhone(phone))
        {
            errors[nameof(NewCustomer.Phone)] = [PhoneProblem];
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

        return (new NewCustomer(name, email, phone, zone, notes), errors);
    }
}
