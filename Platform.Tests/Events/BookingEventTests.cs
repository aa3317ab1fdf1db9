using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Platform.Core.Bookings;
using Platform.Core.Common;
using Platform.Infrastructure.Bookings;
using Platform.Infrastructure.Data;
using Platform.Infrastructure.Identity;
using Platform.Tests.Bookings;

namespace Platform.Tests.Events;

/// <summary>Events are written in the transaction of their change: a save that fails leaves none, a save that succeeds always has its own.</summary>
public sealed class BookingEventTests(OutboxSqliteApp app) : IClassFixture<OutboxSqliteApp>
{
    [Fact]
    public async Task Each_booking_change_writes_its_event_with_the_facts_handlers_need()
    {
        var acme = await app.TenantIdAsync("acme");
        var seeded = await BookingTestData.SeedAsync(app, requiresApproval: true);
        var start = BookingTestData.Tomorrow.AddHours(9);
        var booking = await LedgerAsync(l => l.PlaceAsync(new PlaceBooking(seeded.Service, seeded.Provider, seeded.Customer, start)));
        var id = booking.Value!.Id;
        await LedgerAsync(l => l.ChangeAsync(id, BookingAction.Confirm, null));
        await LedgerAsync(l => l.RescheduleAsync(id, start.AddHours(2)));
        await LedgerAsync(l => l.ChangeAsync(id, BookingAction.Cancel, "Customer is ill"));

        // The booking's events only: the e-mails their handlers queue (message.send) carry the booking's id too.
        var rows = (await app.RowsAsync(q => q.Where(m => m.Type.StartsWith("booking.") && m.Payload.Contains(id.ToString()))))
            .OrderBy(r => r.CreatedAt).ThenBy(r => r.Id).ToList();

        Assert.Equal(["booking.created", "booking.confirmed", "booking.rescheduled", "booking.cancelled"], rows.Select(r => r.Type));
        Assert.All(rows, r => Assert.Equal(acme, r.TenantId));
        var created = JsonDocument.Parse(rows[0].Payload).RootElement;
        Assert.Equal(acme, created.GetProperty("tenantId").GetGuid());
        Assert.Equal("Pending", created.GetProperty("status").GetString());
        Assert.Equal(start, created.GetProperty("startUtc").GetDateTimeOffset());
        var moved = JsonDocument.Parse(rows[2].Payload).RootElement;
        Assert.Equal(start, moved.GetProperty("previousStartUtc").GetDateTimeOffset());
        Assert.Equal(start.AddHours(2), moved.GetProperty("startUtc").GetDateTimeOffset());
        Assert.Equal("Customer is ill", JsonDocument.Parse(rows[3].Payload).RootElement.GetProperty("reason").GetString());
    }

    [Fact]
    public async Task A_booking_whose_save_fails_leaves_no_event()
    {
        var seeded = await BookingTestData.SeedAsync(app);
        var start = BookingTestData.Tomorrow.AddHours(14);
        var key = "dup-" + Guid.NewGuid().ToString("N");
        var first = await LedgerAsync(l => l.PlaceAsync(new PlaceBooking(seeded.Service, seeded.Provider, seeded.Customer, start) { IdempotencyKey = key }));
        Assert.True(first.Succeeded);

        // A second booking with the same idempotency key breaks the unique index: the save fails.
        var duplicate = await app.InTenantAsync("acme", async sp =>
        {
            var db = sp.GetRequiredService<PlatformDbContext>();
            var booking = BookingTestData.Confirmed(seeded, start.AddHours(3), idempotencyKey: key);
            booking.Placed(DateTimeOffset.UtcNow, null);
            db.Bookings.Add(booking);
            await Assert.ThrowsAsync<DbUpdateException>(() => db.SaveChangesAsync());
            return booking.Id;
        });

        // A save rolled back with its transaction leaves none either.
        var rolledBack = await app.InTenantAsync("acme", async sp =>
        {
            var db = sp.GetRequiredService<PlatformDbContext>();
            await using var transaction = await db.Database.BeginTransactionAsync();
            var booking = BookingTestData.Confirmed(seeded, start.AddHours(6));
            booking.Placed(DateTimeOffset.UtcNow, null);
            db.Bookings.Add(booking);
            await db.SaveChangesAsync();
            await transaction.RollbackAsync();
            return booking.Id;
        });

        // Any message that names a booking: the e-mail its handler queues (message.send) names it too, so the first has its
        // event and perhaps that e-mail, while the other two have nothing at all.
        Assert.Empty(await app.RowsAsync(q => q.Where(m => m.Payload.Contains(duplicate.ToString()))));
        Assert.Empty(await app.RowsAsync(q => q.Where(m => m.Payload.Contains(rolledBack.ToString()))));
        Assert.Single(await app.RowsAsync(q => q.Where(m => m.Type.StartsWith("booking.") && m.Payload.Contains(first.Value!.Id.ToString()))));
    }

    [Fact]
    public async Task Every_booking_that_saves_has_exactly_its_event()
    {
        var seeded = await BookingTestData.SeedAsync(app, capacity: 2);
        var start = BookingTestData.Tomorrow.AddHours(18);
        var outcomes = new List<Outcome<Booking>>();
        for (var i = 0; i < 6; i++)
        {
            // Three slots asked twice each and once more: capacity two lets exactly two through per slot.
            outcomes.Add(await LedgerAsync(l => l.PlaceAsync(new PlaceBooking(seeded.Service, seeded.Provider, seeded.Customer, start.AddHours(i % 2)))));
        }

        var booked = outcomes.Where(o => o.Succeeded).Select(o => o.Value!.Id).ToList();
        Assert.Equal(4, booked.Count);
        var created = await app.RowsAsync(q => q.Where(m => m.Type == "booking.created" && m.Payload.Contains(seeded.Provider.ToString())));
        Assert.Equal(booked.Order(), created.Select(r => JsonDocument.Parse(r.Payload).RootElement.GetProperty("bookingId").GetGuid()).Order());
    }

    [Fact]
    public async Task Inviting_staff_writes_a_staff_invited_event()
    {
        var email = $"new-{Guid.NewGuid():N}@acme.test";
        var outcome = await app.InTenantAsync("acme", sp => sp.GetRequiredService<StaffInvitations>()
            .InviteAsync(new InviteStaff(email, "Nova Newcomer", "Staff"), "http://acme.localhost/Account/AcceptInvitation", Guid.NewGuid()));
        Assert.True(outcome.Succeeded);

        var row = Assert.Single(await app.RowsAsync(q => q.Where(m => m.Type == "staff.invited" && m.Payload.Contains(email))));
        Assert.Equal(outcome.Value!.Id, JsonDocument.Parse(row.Payload).RootElement.GetProperty("invitationId").GetGuid());
    }

    private Task<Outcome<Booking>> LedgerAsync(Func<BookingLedger, Task<Outcome<Booking>>> work) =>
        app.InTenantAsync("acme", sp => work(sp.GetRequiredService<BookingLedger>()));
}
