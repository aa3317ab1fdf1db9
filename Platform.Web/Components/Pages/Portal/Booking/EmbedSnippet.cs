using System.Net;
using Platform.Web.Interop;

namespace Platform.Web.Components.Pages.Portal.Booking;

/// <summary>The HTML a business pastes into its own website to show its booking page: an iframe of /embed/book and the script that sizes it.</summary>
public static class EmbedSnippet
{
    public static string For(string baseUri, string tenantName) =>
        $"""
        <iframe src="{baseUri}embed/book" title="Book with {WebUtility.HtmlEncode(tenantName)}" data-platform-booking
                style="width: 100%; min-height: 640px; border: 0;" loading="lazy"></iframe>
        <script src="{baseUri}{BookingFrameInterop.HostScriptPath}" async></script>
        """;
}
