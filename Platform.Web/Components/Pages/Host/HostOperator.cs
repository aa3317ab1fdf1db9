using System.Security.Claims;
using Microsoft.AspNetCore.Components.Authorization;

namespace Platform.Web.Components.Pages.Host;

/// <summary>The signed-in platform operator, whose id goes into every host action's log line.</summary>
public static class HostOperator
{
    public static async Task<Guid> IdAsync(Task<AuthenticationState> state)
    {
        var user = (await state).User;
        return Guid.TryParse(user.FindFirstValue(ClaimTypes.NameIdentifier), out var id)
            ? id
            : throw new InvalidOperationException("Host pages need a signed-in operator.");
    }
}
