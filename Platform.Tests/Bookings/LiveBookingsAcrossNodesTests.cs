using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Platform.Core.Access;
using Platform.Infrastructure.Bookings;
using Platform.Infrastructure.Realtime;
using Platform.Infrastructure.Seeding;
using Platform.Tests.Events;
using Platform.Tests.Notifications;
using Platform.Tests.Support;
using Platform.Tests.Workflows;

namespace Platform.Tests.Bookings;

/// <summary>
/// Live calendars across two nodes sharing PostgreSQL and Redis (ADR 0038): a booking placed and cancelled through node
/// A's API is news on node B, and two people with one booking open on different nodes see each other come and go.
/// </summary>
[Collection(TwoNodes.Name)]
public sealed class LiveBookingsAcrossNodesTests(DesignerNodes nodes)
{
    [Fact]
    public async Task A_change_on_node_a_is_news_on_node_b_and_people_on_both_see_each_other_in_one_booking()
    {
        var (service, provider, customer, starts) = await nodes.A.FreeStartsAsync("sam@acme.test", 1);
        var heardOnB = new System.Collections.Concurrent.ConcurrentQueue<BookingSignal>();
        using var listening = nodes.B.Services.GetRequiredService<BookingListeners>().Add(await nodes.B.TenantIdAsync("acme"), signal =>
        {
            heardOnB.Enqueue(signal);
            return Task.CompletedTask;
        });

        using var api = new HttpClient { BaseAddress = nodes.A.RootUri };
        api.DefaultRequestHeaders.Add("X-Api-Key", DemoAccounts.ApiKeys["acme"]);
        var booked = await api.PostAsJsonAsync("api/v1/bookings", new { serviceId = service, providerId = provider, customerId = customer, start = starts[0] });
        Assert.Equal(HttpStatusCode.Created, booked.StatusCode);
        var id = Guid.Parse((await booked.JsonAsync()).GetProperty("id").GetString()!);
        await Eventually.UntilAsync(() => heardOnB.Any(s => s.BookingId == id && s.Change?.Type == "booking.created"), "the booking as news on node B");

        var alice = Actor.TenantAdmin(await WorkflowTestKit.UserIdAsync(nodes.A, "admin@acme.test"));
        var mark = Actor.Manager(await WorkflowTestKit.UserIdAsync(nodes.A, "manager@acme.test"));
        await using var onA = await LiveBookingsTestKit.CircuitAsync(nodes.A, "acme", alice);
        await using var onB = await LiveBookingsTestKit.CircuitAsync(nodes.B, "acme", mark);
        var aliceSees = new RecordingViewer();
        var markSees = new RecordingViewer();
        await using var aliceViewing = await onA.ServiceProvider.GetRequiredService<LiveBookings>().ViewAsync(id, aliceSees);
        var markViewing = await onB.ServiceProvider.GetRequiredService<LiveBookings>().ViewAsync(id, markSees);
        await Eventually.UntilAsync(() => aliceSees.Others.Count == 1 && markSees.Others.Count == 1, "each sees the other across nodes");
        Assert.Equal(("Mark Manager", "Alice Admin"), (aliceSees.Others[0].Name, markSees.Others[0].Name));

        await markViewing!.DisposeAsync();
        await Eventually.UntilAsync(() => aliceSees.Others.Count == 0, "Mark gone from Alice's booking on the other node");

        Assert.Equal(HttpStatusCode.OK, (await api.PostAsJsonAsync($"api/v1/bookings/{id}/cancel", new { reason = "Moved away" })).StatusCode);
        await Eventually.UntilAsync(() => heardOnB.Any(s => s.BookingId == id && s.Change?.Type == "booking.cancelled"), "the cancellation as news on node B");
    }
}
