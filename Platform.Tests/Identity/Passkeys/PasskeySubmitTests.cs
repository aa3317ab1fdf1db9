using Bunit;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Platform.Web.Components.Account;
using Platform.Web.Components.Account.Shared;

namespace Platform.Tests.Identity.Passkeys;

/// <summary>The pieces the passkey script relies on, as a page renders them.</summary>
public sealed class PasskeySubmitTests : IDisposable
{
    private readonly BunitContext _ctx = new();

    public PasskeySubmitTests()
    {
        _ctx.Services.AddDataProtection();
        _ctx.Services.AddAntiforgery(o => o.HeaderName = "X-Test-Token");
    }

    [Theory]
    [InlineData(PasskeyOperation.Create, "Input")]
    [InlineData(PasskeyOperation.Request, "Passkey")]
    public void It_renders_the_submit_button_and_the_element_with_operation_field_and_request_token(PasskeyOperation operation, string name)
    {
        var http = new DefaultHttpContext { RequestServices = _ctx.Services };

        var cut = _ctx.Render<PasskeySubmit>(p => p
            .AddCascadingValue(http)
            .Add(c => c.Operation, operation)
            .Add(c => c.Name, name)
            .AddUnmatched("class", "pf-submit")
            .AddChildContent("Go"));

        var button = cut.Find("button");
        Assert.Equal("submit", button.GetAttribute("type"));
        Assert.Equal("__passkeySubmit", button.GetAttribute("name"));
        Assert.Equal("pf-submit", button.GetAttribute("class"));
        Assert.Equal("Go", button.TextContent);

        var element = cut.Find("passkey-submit");
        Assert.Equal(operation.ToString(), element.GetAttribute("operation"));
        Assert.Equal(name, element.GetAttribute("name"));
        Assert.Equal("X-Test-Token", element.GetAttribute("request-token-name"));
        Assert.False(string.IsNullOrEmpty(element.GetAttribute("request-token-value")));
    }

    public void Dispose() => _ctx.Dispose();
}
