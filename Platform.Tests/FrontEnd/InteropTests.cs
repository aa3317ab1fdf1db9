using Bunit;
using Microsoft.Extensions.DependencyInjection;
using Platform.Tests.Support;
using Platform.Web.Components.Pages;
using Platform.Web.Interop;

namespace Platform.Tests.FrontEnd;

/// <summary>The typed wrappers of Platform.Web/Interop call their modules as the components used to, through bUnit's JS runtime.</summary>
public sealed class InteropTests : IAsyncLifetime
{
    private readonly PlatformBunitContext _ctx = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _ctx.DisposeAsync();

    [Fact]
    public async Task A_module_is_imported_once_per_circuit_relative_to_the_page_base()
    {
        var module = _ctx.JSInterop.SetupModule("http://localhost/js/notify.js");
        module.Setup<string>("permission").SetResult("granted");
        module.Setup<string>("requestPermission").SetResult("denied");
        var notify = _ctx.Services.GetRequiredService<NotifyInterop>();

        Assert.Equal("granted", await notify.PermissionAsync());
        Assert.Equal("denied", await notify.RequestPermissionAsync());

        Assert.Single(_ctx.JSInterop.Invocations, i => i.Identifier == "import");
        Assert.Same(notify, _ctx.Services.GetRequiredService<NotifyInterop>());
    }

    [Fact]
    public async Task Push_state_and_subscribe_results_arrive_typed()
    {
        var module = _ctx.JSInterop.SetupModule("http://localhost/js/push.js");
        module.Setup<PushState>("state").SetResult(new PushState(true, "granted", "https://push.test/1"));
        module.Setup<PushSubscribeResult>("subscribe", "public-key").SetResult(new PushSubscribeResult("{}", "Chrome", null));
        var push = _ctx.Services.GetRequiredService<PushInterop>();

        Assert.Equal(new PushState(true, "granted", "https://push.test/1"), await push.StateAsync());
        Assert.Equal(new PushSubscribeResult("{}", "Chrome", null), await push.SubscribeAsync("public-key"));
    }

    [Fact]
    public async Task The_clipboard_gets_the_text()
    {
        _ctx.JSInterop.SetupVoid("navigator.clipboard.writeText", "pk_secret").SetVoidResult();

        await _ctx.Services.GetRequiredService<ClipboardInterop>().WriteTextAsync("pk_secret");

        Assert.Single(_ctx.JSInterop.VerifyInvoke("navigator.clipboard.writeText").Arguments, "pk_secret");
    }

    [Fact]
    public void The_portal_home_shows_the_visitors_time_zone_from_the_browser()
    {
        _ctx.JSInterop.SetupModule("http://localhost/js/locale.js").Setup<string>("timeZone").SetResult("Europe/Berlin");

        var home = _ctx.Render<Home>();

        home.WaitForAssertion(() => Assert.Contains("(Europe/Berlin)", home.Markup, StringComparison.Ordinal));
    }
}
