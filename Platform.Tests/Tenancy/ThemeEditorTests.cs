using Bunit;
using Platform.Tests.Support;
using Platform.Web.Components.Pages.App.Settings;

namespace Platform.Tests.Tenancy;

/// <summary>The theme editor as an admin sees and uses it, over a fake branding service.</summary>
public class ThemeEditorTests : IAsyncLifetime
{
    private readonly PlatformBunitContext _ctx = new();

    [Fact]
    public void It_shows_the_saved_colours()
    {
        var editor = _ctx.RenderInShell<Web.Components.Pages.App.Settings.Branding>();

        Assert.Equal("#1565C0", editor.Find("#primary-color").GetAttribute("value"));
        Assert.Equal("#00ACC1", editor.Find("#secondary-color").GetAttribute("value"));
        Assert.Equal("#1565c0", editor.Find("#primary-color-picker").GetAttribute("value"));
    }

    [Fact]
    public void An_invalid_hex_shows_the_message_and_save_does_not_call_the_service()
    {
        var editor = _ctx.RenderInShell<Web.Components.Pages.App.Settings.Branding>();

        editor.Find("#primary-color").Input("#12G45Z");
        editor.Find("#primary-color").Blur();
        editor.WaitForAssertion(() => Assert.Contains("Primary colour must be a hex colour", editor.Markup, StringComparison.Ordinal));

        editor.Find("[data-testid=save-branding]").Click();

        Assert.Empty(_ctx.Branding.Saves);
        Assert.Contains("Primary colour must be a hex colour", editor.Markup, StringComparison.Ordinal);
    }

    [Fact]
    public void Save_is_refused_for_a_half_typed_colour_even_without_leaving_the_field()
    {
        var editor = _ctx.RenderInShell<Web.Components.Pages.App.Settings.Branding>();

        editor.Find("#secondary-color").Input("#00AC");
        editor.Find("[data-testid=save-branding]").Click();

        Assert.Empty(_ctx.Branding.Saves);
        editor.WaitForAssertion(() => Assert.Contains("Secondary colour must be a hex colour", editor.Markup, StringComparison.Ordinal));
    }

    [Fact]
    public void Changing_the_primary_colour_repaints_the_preview_at_once_without_saving()
    {
        var editor = _ctx.RenderInShell<Web.Components.Pages.App.Settings.Branding>();
        Assert.Contains("background-color:#1565c0", AppBarStyle(editor), StringComparison.OrdinalIgnoreCase);

        editor.Find("#primary-color").Input("#2E7D32");

        editor.WaitForAssertion(() => Assert.Contains("background-color:#2e7d32", AppBarStyle(editor), StringComparison.OrdinalIgnoreCase));
        Assert.Contains("background-color:#2e7d32", editor.Find("[data-testid=preview-primary-button]").GetAttribute("style"), StringComparison.OrdinalIgnoreCase);
        Assert.Empty(_ctx.Branding.Saves);
        // The page itself keeps the saved theme until Save.
        Assert.Contains("--mud-palette-primary: rgba(21,101,192,1);", editor.Markup, StringComparison.Ordinal);
    }

    [Fact]
    public void The_colour_picker_changes_the_field_and_the_preview()
    {
        var editor = _ctx.RenderInShell<Web.Components.Pages.App.Settings.Branding>();

        editor.Find("#secondary-color-picker").Input("#ff7043");

        editor.WaitForAssertion(() => Assert.Equal("#FF7043", editor.Find("#secondary-color").GetAttribute("value")));
        Assert.Contains("background-color:#ff7043", editor.Find("[data-testid=preview-secondary-button]").GetAttribute("style"), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Save_publishes_the_new_theme_so_the_layout_repaints_at_once()
    {
        var editor = _ctx.RenderInShell<Web.Components.Pages.App.Settings.Branding>();
        editor.Find("#primary-color").Input("#2e7d32");
        editor.Find("#primary-color").Blur();

        editor.Find("[data-testid=save-branding]").Click();

        var saved = Assert.Single(_ctx.Branding.Saves);
        Assert.Equal("#2E7D32", saved.PrimaryColor);
        Assert.Equal("#2E7D32", _ctx.TenantContext.Tenant!.Theme.PrimaryColor);
        editor.WaitForAssertion(() => Assert.Contains("--mud-palette-primary: rgba(46,125,50,1);", editor.Markup, StringComparison.Ordinal));
        Assert.True(editor.Find("[data-testid=save-branding]").HasAttribute("disabled"));
    }

    [Fact]
    public void Discard_returns_to_the_saved_theme()
    {
        var editor = _ctx.RenderInShell<Web.Components.Pages.App.Settings.Branding>();
        editor.Find("#primary-color").Input("#2E7D32");

        editor.Find("[data-testid=discard-branding]").Click();

        editor.WaitForAssertion(() => Assert.Equal("#1565C0", editor.Find("#primary-color").GetAttribute("value")));
        Assert.Contains("background-color:#1565c0", AppBarStyle(editor), StringComparison.OrdinalIgnoreCase);
        Assert.Empty(_ctx.Branding.Saves);
    }

    [Fact]
    public void A_primary_colour_white_text_cannot_be_read_on_gets_a_warning()
    {
        var editor = _ctx.RenderInShell<Web.Components.Pages.App.Settings.Branding>();
        Assert.DoesNotContain("hard to read", editor.Markup, StringComparison.Ordinal);

        editor.Find("#primary-color").Input("#FFEB3B");

        editor.WaitForAssertion(() => Assert.Contains("hard to read", editor.Markup, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("1565c0", "#1565C0")]
    [InlineData(" #abc ", "#AABBCC")]
    [InlineData("#12345", "#12345")]
    public void Typed_colours_are_tidied(string typed, string expected) => Assert.Equal(expected, ColorContrast.NormalizeHex(typed));

    private static string AppBarStyle(IRenderedComponent<Web.Components.Shared.ThemedShell> editor) =>
        editor.Find("[data-testid=preview-appbar]").GetAttribute("style") ?? "";

    public Task InitializeAsync() => Task.CompletedTask;

    // MudBlazor registers services that only dispose asynchronously.
    public async Task DisposeAsync() => await _ctx.DisposeAsync();
}
