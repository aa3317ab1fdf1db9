using System.Net.Mail;
using Microsoft.EntityFrameworkCore;
using Platform.Core.Access;
using Platform.Core.Bookings;
using Platform.Core.Common;
using Platform.Core.Errors;
using Platform.Core.Tenancy;
using Platform.Infrastructure.Data;

namespace Platform.Infrastructure.Bookings;

public sealed record NewCustomer(string Name, string Email, string? Phone, string? TimeZone, string? Notes);

/// <summary>The customer a booking's details led to, and whether they were already here (<paramref name="Known"/>) or just added.</summary>
public sealed record CustomerMatch(Customer Customer, bool Known);

public sealed record CustomerSummary(Customer Customer, int Bookings, DateTimeOffset? NextBookingUtc);

/// <summary>
/// The current tenant's customers: people with a portal account and guests who booked. Staff of the tenant (and its
/// integration) read and keep them; anyone else finds none and may change none.
/// </summary>
public sealed class CustomerDirectory(IDbContextFactory<PlatformDbContext> contexts, ICurrentActor actors, ITenantContext tenantContext, TimeProvider clock)
{
    public const int MaxSearchLength = 100;

    public async Task<Page<Customer>> ListAsync(string? search, PageRequest request, CancellationToken ct = default)
    {
        if (!(await actors.GetAsync(ct)).IsTenantStaff)
        {
            return Page<Customer>.Of([], request, 0);
        }

        await using var db = await contexts.CreateDbContextAsync(ct);
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
        var items = await query.OrderBy(c => c.Name).ThenBy(c => c.Id).Skip(request.Skip).Take(request.Size).ToListAsync(ct);
        return Page<Customer>.Of(items, request, total);
    }

    public async Task<Customer?> FindAsync(Guid id, CancellationToken ct = default)
    {
        if (!(await actors.GetAsync(ct)).IsTenantStaff)
        {
            return null;
        }

        await using var db = await contexts.CreateDbContextAsync(ct);
        return await db.Customers.AsNoTracking().FirstOrDefaultAsync(c => c.Id == id, ct);
    }

    /// <summary>The customer with this e-mail address (any case, spaces trimmed), for staff; null when there is none.</summary>
    public async Task<Customer?> FindByEmailAsync(string? email, CancellationToken ct = default)
    {
        var key = CustomerEmail.Key(email);
        if (key.Length == 0 || !(await actors.GetAsync(ct)).IsTenantStaff)
        {
            return null;
        }

        await using var db = await contexts.CreateDbContextAsync(ct);
        return await db.Customers.AsNoTracking().FirstOrDefaultAsync(c => c.EmailKey == key, ct);
    }

    /// <summary>
    /// Adds a customer. A second customer with an e-mail address already here is refused with
    /// <see cref="ErrorCodes.CustomerDuplicate"/> on the e-mail field; <see cref="FindByEmailAsync"/> finds the one to open instead.
    /// </summary>
    public async Task<Outcome<Customer>> CreateAsync(NewCustomer command, CancellationToken ct = default)
    {
        if (!(await actors.GetAsync(ct)).IsTenantStaff)
        {
            return Refused;
        }

        var (details, errors) = Validate(command);
        if (errors.Count > 0)
        {
            return new Outcome<Customer>(null, errors, ErrorCodes.ValidationFailed);
        }

        await using var db = await contexts.CreateDbContextAsync(ct);
        if (await WithEmailAsync(db, details.Email, exceptId: null, ct) is { } known)
        {
            return Duplicate(known);
        }

        var customer = New(details, userId: null);
        db.Customers.Add(customer);
        return await SaveAsync(db, customer, details.Email, ct);
    }

    /// <summary>Adds a caller on the phone: the same as <see cref="CreateAsync"/> (someone already here is to be picked, not duplicated).</summary>
    public Task<Outcome<Customer>> CreateUniqueAsync(NewCustomer command, CancellationToken ct = default) => CreateAsync(command, ct);

    /// <summary>
    /// The customer with the e-mail address of <paramref name="command"/>, or a new one with these details and the account
    /// it belongs to, if any. For use cases that decided who may add and how a known customer is joined. Two callers
    /// with the same new address at once get one customer: the database's unique key refuses the second insert, and
    /// the second caller then finds the first one's customer.
    /// </summary>
    internal async Task<Outcome<CustomerMatch>> FindOrAddAsync(NewCustomer command, Guid? userId, CancellationToken ct)
    {
        var (details, errors) = Validate(command);
        if (errors.Count > 0)
        {
            return new Outcome<CustomerMatch>(null, errors, ErrorCodes.ValidationFailed);
        }

        for (var attempt = 0; ; attempt++)
        {
            await using var db = await contexts.CreateDbContextAsync(ct);
            if (await WithEmailAsync(db, details.Email, exceptId: null, ct) is { } known)
            {
                return Outcome<CustomerMatch>.Ok(new CustomerMatch(known, Known: true));
            }

            var customer = New(details, userId);
            db.Customers.Add(customer);
            try
            {
                await db.SaveChangesAsync(ct);
                return Outcome<CustomerMatch>.Ok(new CustomerMatch(customer, Known: false));
            }
            catch (DbUpdateException) when (attempt == 0)
            {
                // Most likely a concurrent booking just added this address: the next round finds its customer.
            }
        }
    }

    /// <summary>Changes a customer's details; another tenant's customer is not found, and another customer's e-mail address is refused.</summary>
    public async Task<Outcome<Customer>> UpdateAsync(Guid id, NewCustomer command, CancellationToken ct = default)
    {
        if (!(await actors.GetAsync(ct)).IsTenantStaff)
        {
            return Refused;
        }

        await using var db = await contexts.CreateDbContextAsync(ct);
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

        if (await WithEmailAsync(db, details.Email, exceptId: id, ct) is { } known)
        {
            return Duplicate(known);
        }

        (customer.Name, customer.Email, customer.Phone, customer.TimeZone, customer.Notes) = (details.Name, details.Email, details.Phone, details.TimeZone!, details.Notes!);
        return await SaveAsync(db, customer, details.Email, ct);
    }

    /// <summary>Customers with how many bookings each has and when the next one is, for the staff list.</summary>
    public async Task<Page<CustomerSummary>> SummariesAsync(string? search, PageRequest request, CancellationToken ct = default)
    {
        var list = await ListAsync(search, request, ct);
        var now = clock.GetUtcNow();
        await using var db = await contexts.CreateDbContextAsync(ct);
        var ids = list.Items.Select(c => c.Id).ToList();
        var counts = await db.Bookings.AsNoTracking().Where(b => ids.Contains(b.CustomerId)).GroupBy(b => b.CustomerId)
            .Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(x => x.Key, x => x.Count, ct);
        var next = await db.Bookings.AsNoTracking()
            .Where(b => ids.Contains(b.CustomerId) && b.StartUtc > now && (b.Status == BookingStatus.Pending || b.Status == BookingStatus.Confirmed))
            .Select(b => new { b.CustomerId, b.StartUtc }).ToListAsync(ct);
        var nextByCustomer = next.GroupBy(b => b.CustomerId).ToDictionary(g => g.Key, g => g.Min(b => b.StartUtc));
        return list.Map(c => new CustomerSummary(c, counts.GetValueOrDefault(c.Id), nextByCustomer.TryGetValue(c.Id, out var at) ? at : null));
    }

    /// <summary>Another customer with this address (any case), if there is one.</summary>
    private static Task<Customer?> WithEmailAsync(PlatformDbContext db, string email, Guid? exceptId, CancellationToken ct)
    {
        var key = CustomerEmail.Key(email);
        return db.Customers.AsNoTracking().FirstOrDefaultAsync(c => c.EmailKey == key && c.Id != exceptId, ct);
    }

    /// <summary>Saves a new or changed customer; an address taken a moment ago by someone else is the same refusal as one found before.</summary>
    private static async Task<Outcome<Customer>> SaveAsync(PlatformDbContext db, Customer customer, string email, CancellationToken ct)
    {
        try
        {
            await db.SaveChangesAsync(ct);
            return Outcome<Customer>.Ok(customer);
        }
        catch (DbUpdateException)
        {
            db.ChangeTracker.Clear();
            if (await WithEmailAsync(db, email, customer.Id, ct) is { } known)
            {
                return Duplicate(known);
            }

            throw;
        }
    }

    private Customer New(NewCustomer details, Guid? userId) => new()
    {
        Name = details.Name,
        Email = details.Email,
        Phone = details.Phone,
        TimeZone = details.TimeZone!,
        Notes = details.Notes!,
        CreatedAt = clock.GetUtcNow(),
        UserId = userId,
    };

    /// <summary>The refusal of a second customer with an address already here, naming the one who has it.</summary>
    public static Outcome<Customer> Duplicate(Customer known) => Outcome<Customer>.Fail(ErrorCodes.CustomerDuplicate, nameof(NewCustomer.Email),
        $"{known.Name} already has this e-mail address. Open their record instead of adding the same person twice.");

    private static Outcome<Customer> Refused => Outcome<Customer>.Fail(ErrorCodes.Forbidden, "Actor", "Only the business's staff keep its customers.");

    /// <summary>What a person is told when <see cref="IsValidPhone"/> refuses their phone number.</summary>
    public const string PhoneProblem = "Enter a phone number of digits, spaces and + - ( ), at most 32 characters.";

    /// <summary>A trimmed phone number a customer may keep: digits, spaces and + - ( ), at most 32 characters.</summary>
    public static bool IsValidPhone(string phone) =>
        phone.Length is > 0 and <= 32 && phone.All(c => char.IsDigit(c) || c is '+' or ' ' or '-' or '(' or ')');

    /// <summary>Trimmed details with the tenant's zone as the default, and a message per field that is wrong.</summary>
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
        if (notes.Length > Customer.MaxNotesLength)
        {
            errors[nameof(NewCustomer.Notes)] = [$"Notes have at most {Customer.MaxNotesLength} characters."];
        }

        return (new NewCustomer(name, email, phone, zone, notes), errors);
    }
}
