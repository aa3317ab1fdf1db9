using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Logging;
using Platform.Core.Common;
using Platform.Core.Identity;
using Platform.Core.Tenancy;

namespace Platform.Infrastructure.Identity;

/// <summary>
/// A visitor of the portal makes a customer account in the current tenant: the account and its Customer role
/// together, or neither (an account whose role cannot be given is taken back). Identity's stores do the writing.
/// </summary>
public sealed class CustomerRegistration(UserManager<PlatformUser> users, ITenantContext tenantContext, TimeProvider clock, ILogger<CustomerRegistration> logger)
{
    /// <summary>Creates the account; the errors are Identity's (a weak password, a taken e-mail) as one list under "Password".</summary>
    public async Task<Outcome<PlatformUser>> RegisterAsync(string email, string displayName, string password, CancellationToken ct = default)
    {
        _ = tenantContext.Tenant ?? throw new InvalidOperationException("Customers register with a tenant.");
        var user = new PlatformUser
        {
            UserName = email.Trim(),
            Email = email.Trim(),
            DisplayName = displayName.Trim(),
            CreatedAt = clock.GetUtcNow(),
        };

        var created = await users.CreateAsync(user, password);
        if (!created.Succeeded)
        {
            return Outcome<PlatformUser>.Fail(new Dictionary<string, string[]> { ["Password"] = [.. created.Errors.Select(e => e.Description)] });
        }

        var role = await users.AddToRoleAsync(user, PlatformRoles.Customer);
        if (!role.Succeeded)
        {
            await users.DeleteAsync(user);
            throw new InvalidOperationException("Could not give the new account the Customer role: " + string.Join("; ", role.Errors.Select(e => e.Description)));
        }

        logger.LogInformation("Customer {UserId} registered", user.Id);
        return Outcome<PlatformUser>.Ok(user);
    }
}
