using Platform.Core.Common;
using Platform.Core.Errors;
using Platform.Core.Tenancy;

namespace Platform.Core.Bookings;

/// <summary>Someone who books: with a portal account or as a guest. One customer per person: per tenant, no two share an e-mail.</summary>
public sealed class Customer : ITenantOwned
{
    private string _email = "";

    public Guid Id { get; init; } = Guid.CreateVersion7();

    public Guid TenantId { get; init; }

    public Guid? UserId { get; set; }

    public required string Name { get; set; }

    /// <summary>Where the business writes to the customer; setting it also sets <see cref="EmailKey"/>.</summary>
    public required string Email
    {
        get => _email;
        set
        {
            _email = value;
            EmailKey = CustomerEmail.Key(value);
        }
    }

    /// <summary>
    /// The e-mail as customers are told apart (<see cref="CustomerEmail.Key"/>), unique per tenant in the database.
    /// Null only on a customer stored before the key existed, until the start-up merge of duplicates has keyed it.
    /// </summary>
    public string? EmailKey { get; private set; }

    public string? Phone { get; set; }

    /// <summary>IANA id the customer sees times in.</summary>
    public string TimeZone { get; set; } = "UTC";

    public string Notes { get; set; } = "";

    public DateTimeOffset CreatedAt { get; init; }

    /// <summary>Sets the key of a customer stored before keys existed.</summary>
    public void KeyEmail() => EmailKey = CustomerEmail.Key(Email);

    /// <summary>
    /// Takes <paramref name="duplicate"/> in: its account link when this customer has none, its phone when this one has
    /// none, its notes after this one's. Name, e-mail and time zone stay this customer's. The caller moves the bookings
    /// and removes the duplicate. Refused when both have portal accounts (two people, or one person with two accounts
    /// that only the person can give up), or when the notes together would be too long.
    /// </summary>
    public DomainError? Merge(Customer duplicate)
    {
        if (duplicate.Id == Id)
        {
            return new DomainError(ErrorCodes.ValidationFailed, "DuplicateId", "Choose another customer to merge into this one.");
        }

        if (UserId is not null && duplicate.UserId is not null && UserId != duplicate.UserId)
        {
            return new DomainError(ErrorCodes.CustomerMergeRefused, "DuplicateId",
                $"{Name} and {duplicate.Name} both have a portal account; customers with two accounts cannot be merged.");
        }

        var notes = string.Join("\n\n", new[] { Notes, duplicate.Notes }.Where(n => !string.IsNullOrWhiteSpace(n)).Distinct());
        if (notes.Length > MaxNotesLength)
        {
            return new DomainError(ErrorCodes.CustomerMergeRefused, "DuplicateId",
                $"The two customers' notes together are longer than {MaxNotesLength} characters. Shorten one of them first.");
        }

        UserId ??= duplicate.UserId;
        Phone ??= duplicate.Phone;
        Notes = notes;
        return null;
    }

    public const int MaxNotesLength = 2000;
}
