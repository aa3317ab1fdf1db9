using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using Platform.Core.Errors;
using Platform.Core.Tenancy;
using Platform.Tests.Support;

namespace Platform.Tests.Tenancy;

/// <summary>/api/v1/theme, the logo upload and /api/v1/domains over HTTP, on a real SQLite database.</summary>
public class BrandingApiTests(BrandingApiTests.App app) : IClassFixture<BrandingApiTests.App>
{
    public sealed class App() : PlatformAppFactory(TestDatabase.Sqlite)
    {
        public override async Task InitializeAsync()
        {
            await base.InitializeAsync();
            await this.CreateTenantAsync("initech", "Initech Consulting", PlanTier.Free);
        }
    }

    private static readonly byte[] Png = Convert.FromBase64String(
        "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==");

    [Theory]
    [InlineData("#12345G", "#00ACC1", "Humanist", "primaryColor")]
    [InlineData("blue", "#00ACC1", "Humanist", "primaryColor")]
    [InlineData("#1565C0", "#00AC", "Humanist", "secondaryColor")]
    [InlineData("#1565C0", "#00ACC1", "Comic Sans", "font")]
    [InlineData("#1565C0", "#00ACC1", "7", "font")]
    public async Task An_invalid_theme_is_refused_by_field_and_nothing_is_saved(string primary, string secondary, string font, string field)
    {
        using var acme = await app.SignedInAsync("http://acme.localhost/", "admin@acme.test");
        var before = await (await acme.GetAsync("api/v1/theme")).Content.ReadAsStringAsync();

        var response = await acme.PutThemeAsync(primary, secondary, font);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.JsonAsync();
        Assert.Equal(ErrorCodes.ValidationFailed, problem.GetProperty("code").GetString());
        Assert.NotEmpty(problem.GetProperty("errors").GetProperty(field)[0].GetString()!);
        Assert.Equal(before, await (await acme.GetAsync("api/v1/theme")).Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Staff_may_read_the_theme_but_only_admins_may_change_it()
    {
        using var manager = await app.SignedInAsync("http://acme.localhost/", "manager@acme.test");
        using var anonymous = app.CreateClientFor("http://acme.localhost/");

        Assert.Equal(HttpStatusCode.OK, (await manager.GetAsync("api/v1/theme")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await manager.PutThemeAsync("#000000")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await manager.GetAsync("api/v1/domains")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("api/v1/theme")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.PutThemeAsync("#000000")).StatusCode);
    }

    [Fact]
    public async Task A_real_png_becomes_the_logo_served_with_a_new_version()
    {
        using var globex = await app.SignedInAsync("http://globex.localhost/", "admin@globex.test");

        var response = await UploadAsync(globex, Png, "image/png", "logo.png");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var logoUrl = (await response.JsonAsync()).GetProperty("logoUrl").GetString()!;
        Assert.StartsWith("/branding/logo?v=", logoUrl, StringComparison.Ordinal);
        var logo = await globex.GetAsync(logoUrl.TrimStart('/'));
        Assert.Equal("image/png", logo.Content.Headers.ContentType!.MediaType);
        Assert.Equal(Png, await logo.Content.ReadAsByteArrayAsync());
        Assert.Contains($"src=\"{logoUrl.TrimStart('/')}\"", await globex.GetStringAsync(""), StringComparison.Ordinal);

        var removed = await globex.DeleteAsync("api/v1/theme/logo");
        Assert.Equal(HttpStatusCode.OK, removed.StatusCode);
        Assert.Equal(System.Text.Json.JsonValueKind.Null, (await removed.JsonAsync()).GetProperty("logoUrl").ValueKind);
        Assert.Equal(HttpStatusCode.NotFound, (await globex.GetAsync("branding/logo")).StatusCode);
    }

    [Fact]
    public async Task A_text_file_renamed_png_is_refused()
    {
        using var acme = await app.SignedInAsync("http://acme.localhost/", "admin@acme.test");

        var response = await UploadAsync(acme, Encoding.UTF8.GetBytes("Not an image, just notes.\n"), "image/png", "logo.png");

        await AssertRefusedAsync(response, "not a real PNG, JPEG or WebP");
        Assert.Equal(HttpStatusCode.NotFound, (await acme.GetAsync("branding/logo")).StatusCode);
    }

    [Theory]
    [InlineData("<svg xmlns=\"http://www.w3.org/2000/svg\"><script>alert(1)</script></svg>", "<script>")]
    [InlineData("<svg xmlns=\"http://www.w3.org/2000/svg\" onload=\"alert(1)\"><rect width=\"10\" height=\"10\"/></svg>", "onload")]
    [InlineData("<svg xmlns=\"http://www.w3.org/2000/svg\"><a href=\"java&#x09;script:alert(1)\"><text>x</text></a></svg>", "javascript:")]
    [InlineData("<svg xmlns=\"http://www.w3.org/2000/svg\"><foreignObject><div xmlns=\"http://www.w3.org/1999/xhtml\">x</div></foreignObject></svg>", "foreignObject")]
    [InlineData("<html><body>not svg</body></html>", "root element is not <svg>")]
    [InlineData("<svg xmlns=\"http://www.w3.org/2000/svg\"><rect></svg>", "not well-formed")]
    [InlineData("<!DOCTYPE svg [<!ENTITY x SYSTEM \"file:///etc/passwd\">]><svg xmlns=\"http://www.w3.org/2000/svg\">&x;</svg>", "not well-formed")]
    public async Task An_svg_that_could_run_script_or_is_not_svg_is_refused(string svg, string message)
    {
        using var acme = await app.SignedInAsync("http://acme.localhost/", "admin@acme.test");

        var response = await UploadAsync(acme, Encoding.UTF8.GetBytes(svg), "image/svg+xml", "logo.svg");

        await AssertRefusedAsync(response, message);
    }

    [Fact]
    public async Task A_clean_svg_is_accepted_and_oversized_or_other_files_are_not()
    {
        using var initech = await app.SignedInAsync("http://initech.localhost/", "admin@initech.test");

        var svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 10 10\"><circle cx=\"5\" cy=\"5\" r=\"4\" fill=\"#1565C0\"/></svg>"u8.ToArray();
        Assert.Equal(HttpStatusCode.OK, (await UploadAsync(initech, svg, "image/svg+xml", "logo.svg")).StatusCode);
        Assert.Equal("image/svg+xml", (await initech.GetAsync("branding/logo")).Content.Headers.ContentType!.MediaType);

        var huge = new byte[TenantTheme.MaxLogoBytes + 1];
        Png.CopyTo(huge, 0);
        await AssertRefusedAsync(await UploadAsync(initech, huge, "image/png", "huge.png"), "at most 256 KB");
        await AssertRefusedAsync(await UploadAsync(initech, Png, "application/pdf", "logo.pdf"), "Upload a PNG, JPEG, WebP or SVG image.");
    }

    [Fact]
    public async Task A_custom_domain_is_added_resolves_to_its_tenant_and_is_removed()
    {
        using var acme = await app.SignedInAsync("http://acme.localhost/", "admin@acme.test");
        using var visitor = app.CreateClientFor("http://book.acme-physio.com/");
        Assert.Equal(HttpStatusCode.NotFound, (await visitor.GetAsync("")).StatusCode); // cached as unknown

        var added = await acme.PostAsJsonAsync("api/v1/domains", new { host = " HTTPS://Book.Acme-Physio.com/ " });

        Assert.Equal(HttpStatusCode.Created, added.StatusCode);
        var domain = await added.JsonAsync();
        Assert.Equal("book.acme-physio.com", domain.GetProperty("host").GetString());
        Assert.Equal("acme.localhost", domain.GetProperty("cnameTarget").GetString());
        Assert.Contains("Welcome to Acme Physiotherapy", await visitor.GetStringAsync(""), StringComparison.Ordinal);
        Assert.Contains("book.acme-physio.com", await acme.GetStringAsync("api/v1/domains"), StringComparison.Ordinal);
        Assert.Contains("book.acme-physio.com", await acme.GetStringAsync("app/settings/domains"), StringComparison.Ordinal);

        var id = domain.GetProperty("id").GetString();
        Assert.Equal(HttpStatusCode.NoContent, (await acme.DeleteAsync($"api/v1/domains/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await visitor.GetAsync("")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await acme.DeleteAsync($"api/v1/domains/{id}")).StatusCode);
    }

    [Theory]
    [InlineData("not a domain", "such as book.example.com")]
    [InlineData("book.example.com/path", "such as book.example.com")]
    [InlineData("portal.localhost", "belong to the platform")]
    [InlineData("", "at most 253 characters")]
    public async Task An_unusable_domain_is_refused_with_a_clear_message(string host, string message)
    {
        using var acme = await app.SignedInAsync("http://acme.localhost/", "admin@acme.test");

        var response = await acme.PostAsJsonAsync("api/v1/domains", new { host });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.JsonAsync();
        Assert.Equal(ErrorCodes.ValidationFailed, problem.GetProperty("code").GetString());
        Assert.Contains(message, problem.GetProperty("errors").GetProperty("host")[0].GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Another_tenants_domain_can_be_neither_taken_nor_removed()
    {
        using var globex = await app.SignedInAsync("http://globex.localhost/", "admin@globex.test");
        using var acme = await app.SignedInAsync("http://acme.localhost/", "admin@acme.test");
        var added = await globex.PostAsJsonAsync("api/v1/domains", new { host = "termine.globex-hair.de" });
        Assert.Equal(HttpStatusCode.Created, added.StatusCode);
        var id = (await added.JsonAsync()).GetProperty("id").GetString();

        var taken = await acme.PostAsJsonAsync("api/v1/domains", new { host = "termine.globex-hair.de" });
        Assert.Equal(HttpStatusCode.BadRequest, taken.StatusCode);
        Assert.Contains("already in use by another business", (await taken.JsonAsync()).GetProperty("errors").GetProperty("host")[0].GetString(), StringComparison.Ordinal);

        var removed = await acme.DeleteAsync($"api/v1/domains/{id}");
        Assert.Equal(HttpStatusCode.NotFound, removed.StatusCode);
        Assert.Equal(ErrorCodes.NotFound, (await removed.JsonAsync()).GetProperty("code").GetString());
        Assert.Equal(HttpStatusCode.NotFound, (await acme.GetAsync($"api/v1/domains/{id}")).StatusCode);

        Assert.Contains("termine.globex-hair.de", await globex.GetStringAsync("api/v1/domains"), StringComparison.Ordinal);
        using var visitor = app.CreateClientFor("http://termine.globex-hair.de/");
        Assert.Contains("Welcome to Globex Hair Studio", await visitor.GetStringAsync(""), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NoContent, (await globex.DeleteAsync($"api/v1/domains/{id}")).StatusCode);
    }

    [Fact]
    public async Task A_free_plan_tenant_gets_feature_not_in_plan_from_the_api_and_the_page_says_so()
    {
        using var initech = await app.SignedInAsync("http://initech.localhost/", "admin@initech.test");

        foreach (var response in new[]
                 {
                     await initech.GetAsync("api/v1/domains"),
                     await initech.PostAsJsonAsync("api/v1/domains", new { host = "book.initech.com" }),
                     await initech.DeleteAsync($"api/v1/domains/{Guid.NewGuid()}"),
                 })
        {
            Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
            var problem = await response.JsonAsync();
            Assert.Equal(ErrorCodes.FeatureNotInPlan, problem.GetProperty("code").GetString());
        }

        // Reports are Premium too: their API, exports and schedules, and their pages.
        foreach (var response in new[]
                 {
                     await initech.GetAsync("api/v1/reports"),
                     await initech.PostAsJsonAsync("api/v1/reports/preview", new { definition = new { dataset = "bookings", measures = new[] { "bookings" } } }),
                     await initech.GetAsync("api/v1/report-exports"),
                     await initech.DeleteAsync($"api/v1/report-schedules/{Guid.NewGuid()}"),
                 })
        {
            Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
            Assert.Equal(ErrorCodes.FeatureNotInPlan, (await response.JsonAsync()).GetProperty("code").GetString());
        }

        var reports = await initech.GetStringAsync("app/reports");
        Assert.Contains("Reports is not part of your plan.", reports, StringComparison.Ordinal);
        Assert.DoesNotContain("report-new", reports, StringComparison.Ordinal);
        Assert.DoesNotContain("href=\"app/reports\"", await initech.GetStringAsync("app"), StringComparison.Ordinal);

        var page = await initech.GetStringAsync("app/settings/domains");
        Assert.Contains("Custom domains is not part of your plan.", page, StringComparison.Ordinal);
        Assert.DoesNotContain("new-domain", page, StringComparison.Ordinal);

        var plan = await initech.GetStringAsync("app/settings/plan");
        Assert.Contains("Free", plan, StringComparison.Ordinal);
        Assert.Contains("Needs the Premium plan", plan, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_settings_pages_render_for_an_admin()
    {
        using var acme = await app.SignedInAsync("http://localhost/t/acme/", "admin@acme.test");

        var branding = await acme.GetStringAsync("app/settings/branding");
        Assert.Contains("id=\"primary-color\"", branding, StringComparison.Ordinal);
        Assert.Contains("data-testid=\"branding-preview\"", branding, StringComparison.Ordinal);
        Assert.Contains("No custom domains yet", await acme.GetStringAsync("app/settings/domains"), StringComparison.Ordinal);
        var plan = await acme.GetStringAsync("app/settings/plan");
        Assert.Contains("Premium", plan, StringComparison.Ordinal);
        Assert.Contains("Included in your plan", plan, StringComparison.Ordinal);

        using var staff = await app.SignedInAsync("http://localhost/t/acme/", "sam@acme.test");
        foreach (var page in new[] { "app/settings/branding", "app/settings/domains", "app/settings/plan" })
        {
            var denied = await staff.GetAsync(page);
            Assert.Equal(HttpStatusCode.Redirect, denied.StatusCode);
            Assert.Contains("Account/AccessDenied", denied.Headers.Location!.OriginalString, StringComparison.Ordinal);
        }
    }

    private static async Task<HttpResponseMessage> UploadAsync(HttpClient client, byte[] content, string contentType, string fileName)
    {
        var file = new ByteArrayContent(content);
        file.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        using var form = new MultipartFormDataContent { { file, "file", fileName } };
        return await client.PutAsync("api/v1/theme/logo", form);
    }

    private static async Task AssertRefusedAsync(HttpResponseMessage response, string message)
    {
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.JsonAsync();
        Assert.Equal(ErrorCodes.ValidationFailed, problem.GetProperty("code").GetString());
        Assert.Contains(message, problem.GetProperty("errors").GetProperty("logo")[0].GetString(), StringComparison.Ordinal);
    }
}
