using Bunit;
using Platform.Core.Tenancy;
using Platform.Infrastructure.Bookings;
using Platform.Tests.Support;
using Platform.Web.Components.Pages.App.Services;
using Platform.Web.Components.Pages.Portal.Booking;

namespace Platform.Tests.Bookings;

/// <summary>The small pieces of the booking page: calendar links, avatar colours and initials, service slugs, the embed snippet.</summary>
public sealed class BookingPagePartsTests
{
    private static readonly DateTimeOffset Start = new(2026, 12, 7, 14, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Google_and_Outlook_links_carry_the_booking_in_utc()
    {
        var google = new Uri(CalendarLinks.Google("Cut & style with Lena", Start, Start.AddMinutes(45), "Globex: see you soon"));
        Assert.Equal("calendar.google.com", google.Host);
        Assert.Contains("action=TEMPLATE", google.Query, StringComparison.Ordinal);
        Assert.Contains("text=Cut%20%26%20style%20with%20Lena", google.Query, StringComparison.Ordinal);
        Assert.Contains("dates=20261207T140000Z/20261207T144500Z", google.Query, StringComparison.Ordinal);

        var outlook = new Uri(CalendarLinks.Outlook("Cut & style with Lena", Start, Start.AddMinutes(45), "Globex"));
        Assert.Equal("outlook.live.com", outlook.Host);
        Assert.Contains("subject=Cut%20%26%20style%20with%20Lena", outlook.Query, StringComparison.Ordinal);
        Assert.Contains("startdt=2026-12-07T14%3A00%3A00Z", outlook.Query, StringComparison.Ordinal);
        Assert.Contains("enddt=2026-12-07T14%3A45%3A00Z", outlook.Query, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Sam Rivera", "SR")]
    [InlineData("Dr. Dana Ortiz", "DO")]
    [InlineData("Lena", "L")]
    [InlineData("  jo  van der berg ", "JB")]
    [InlineData("…", "…")]
    public void Initials_are_the_first_and_last_names_first_letters(string name, string initials) =>
        Assert.Equal(initials, AvatarColors.Initials(name));

    [Theory]
    [InlineData("#1E63D6", "#FF7043")]
    [InlineData("#FFEB3B", "#FFFFFF")]
    [InlineData("#000000", "#101010")]
    [InlineData("#00ACC1", "#8E24AA")]
    public void Avatar_initials_meet_aa_contrast_on_every_shade_of_a_palette(string primary, string secondary)
    {
        var theme = new TenantTheme { PrimaryColor = primary, SecondaryColor = secondary };
        var shades = Enumerable.Range(0, 200).Select(_ => AvatarColors.For(Guid.NewGuid(), theme)).Distinct().ToList();
        Assert.True(shades.Count > 2);
        Assert.All(shades, c => Assert.True(AvatarColors.Contrast(c.Background, c.Text) >= 4.5, $"{c.Text} on {c.Background}"));
    }

    [Fact]
    public void A_person_keeps_their_avatar_colour()
    {
        var id = Guid.NewGuid();
        Assert.Equal(AvatarColors.For(id, TenantTheme.Default), AvatarColors.For(id, TenantTheme.Default));
    }

    [Theory]
    [InlineData("Initial assessment", "initial-assessment")]
    [InlineData("Cut & style", "cut-style")]
    [InlineData("Café crème  (30')", "cafe-creme-30")]
    public void Services_are_linked_by_their_names_slug(string name, string slug) => Assert.Equal(slug, ServiceSlugs.Of(name));

    [Fact]
    public void The_embed_snippet_frames_the_embed_page_and_includes_the_resize_script()
    {
        var snippet = EmbedSnippet.For("https://acme.example.com/", "Acme <Physio>");
        Assert.Contains("<iframe src=\"https://acme.example.com/embed/book\"", snippet, StringComparison.Ordinal);
        Assert.Contains("data-platform-booking", snippet, StringComparison.Ordinal);
        Assert.Contains("title=\"Book with Acme &lt;Physio&gt;\"", snippet, StringComparison.Ordinal);
        Assert.Contains("<script src=\"https://acme.example.com/js/booking-embed.js\" async></script>", snippet, StringComparison.Ordinal);
    }

    [Fact]
    public void A_services_booking_link_names_it_at_the_tenants_address()
    {
        var id = Guid.NewGuid();
        Assert.Equal($"http://localhost/t/acme/book?service={id}", Services.BookingLink("http://localhost/t/acme/", id));
    }

    [Fact]
    public void A_provider_avatar_shows_initials_on_a_colour_of_the_tenants_palette()
    {
        using var ctx = new PlatformBunitContext();
        var id = Guid.NewGuid();
        var cut = ctx.Render<ProviderAvatar>(p => p.Add(a => a.Id, id).Add(a => a.Name, "Sam Rivera"));

        var avatar = cut.Find("[data-testid=provider-avatar]");
        Assert.Equal("SR", avatar.TextContent);
        var (background, text) = AvatarColors.For(id, PlatformBunitContext.Acme.Theme);
        Assert.Equal($"background:{background};color:{text}", avatar.GetAttribute("style"));
        Assert.Equal("true", avatar.GetAttribute("aria-hidden"));
    }
}
