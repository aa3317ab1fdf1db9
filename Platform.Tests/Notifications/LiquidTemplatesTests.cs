using Platform.Core.Notifications;
using Platform.Infrastructure.Notifications;

namespace Platform.Tests.Notifications;

public class LiquidTemplatesTests
{
    [Theory]
    [InlineData("Hello {{ name ", 1)]
    [InlineData("line one\nline two\n{% if x %}never closed", 3)]
    [InlineData("a\nb {% endfor %}", 2)]
    public void A_syntax_error_names_its_line(string source, int line)
    {
        Assert.Null(LiquidTemplates.Parse(source, out var error));
        Assert.StartsWith($"Line {line}", error, StringComparison.Ordinal);
        Assert.DoesNotContain("Source:", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Values_are_escaped_in_html_and_left_alone_in_text()
    {
        var template = LiquidTemplates.Parse("{{ customer }} booked", out _)!;
        var values = new Dictionary<string, string> { ["customer"] = "Tom & <Jerry>" };

        Assert.Equal("Tom &amp; &lt;Jerry&gt; booked", LiquidTemplates.Render(template, values, html: true));
        Assert.Equal("Tom & <Jerry> booked", LiquidTemplates.Render(template, values, html: false));
    }

    [Fact]
    public void Every_kind_has_default_templates_that_parse()
    {
        foreach (var kind in NotificationKinds.All)
        {
            foreach (var channel in NotificationTemplates.Channels)
            {
                var (subject, body) = DefaultTemplates.For(kind.Kind, channel);
                Assert.Empty(NotificationTemplates.Validate(kind.Kind, channel, subject, body));
            }
        }
    }

    [Fact]
    public void Browser_notifications_need_in_app()
    {
        Assert.Equal(NotificationChannels.Email, NotificationKinds.Normalize(NotificationChannels.Email | NotificationChannels.Browser));
        Assert.Equal(NotificationChannels.InApp | NotificationChannels.Browser, NotificationKinds.Normalize(NotificationChannels.InApp | NotificationChannels.Browser));
    }
}
