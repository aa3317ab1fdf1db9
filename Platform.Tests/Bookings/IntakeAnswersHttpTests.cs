using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Platform.Core.Access;
using Platform.Core.Bookings;
using Platform.Core.Errors;
using Platform.Infrastructure.Bookings;
using Platform.Infrastructure.Data;
using Platform.Tests.Notifications;
using Platform.Tests.Support;

namespace Platform.Tests.Bookings;

/// <summary>
/// A service's intake questions and the answers kept on its bookings, over HTTP: the services API shows the questions,
/// the booking API takes answers and refuses bad ones with 400 naming the field (never a 500, in any environment), the
/// booking keeps a copy that later edits of the service do not change, and no other tenant or provider reads them.
/// </summary>
public abstract class IntakeAnswersHttpTests(PlatformAppFactory app)
{
    private static readonly DateTimeOffset Ten = BookingTestData.Tomorrow.AddDays(4).AddHours(10);

    [Fact]
    public async Task The_services_api_shows_the_questions_in_order()
    {
        var (seeded, questions) = await SeedAsync();
        using var staff = await app.SignedInAsync("http://acme.localhost/", "manager@acme.test");

        var service = await (await staff.GetAsync($"api/v1/services/{seeded.Service}")).JsonAsync();
        var shown = service.GetProperty("questions").EnumerateArray().ToList();
        Assert.Equal(questions.Select(q => q.Label), shown.Select(q => q.GetProperty("label").GetString()));
        Assert.Equal(["Text", "Choice", "YesNo"], shown.Select(q => q.GetProperty("kind").GetString()));
        Assert.Equal(["Red", "Blue"], shown[1].GetProperty("options").EnumerateArray().Select(o => o.GetString()));
        Assert.True(shown[0].GetProperty("required").GetBoolean());
        Assert.Equal(questions[0].Id, shown[0].GetProperty("id").GetGuid());
    }

    [Fact]
    public async Task Good_answers_are_kept_on_the_booking_as_they_were_asked()
    {
        var (seeded, questions) = await SeedAsync();
        using var staff = await app.SignedInAsync("http://acme.localhost/", "manager@acme.test");

        var created = await staff.PostAsJsonAsync("api/v1/bookings", Body(seeded, Ten,
            (questions[0].Id, "Peanuts"), (questions[1].Id, "Blue"), (questions[2].Id, "no")));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var id = (await created.JsonAsync()).GetProperty("id").GetString();

        // The service's first question is reworded later: the booking still says what was asked.
        await SetQuestionsAsync(seeded, [questions[0] with { Label = "Reworded" }]);
        var read = await (await staff.GetAsync($"api/v1/bookings/{id}")).JsonAsync();
        var answers = read.GetProperty("answers").EnumerateArray()
            .Select(a => (a.GetProperty("questionId").GetGuid(), a.GetProperty("question").GetString(), a.GetProperty("answer").GetString())).ToList();
        Assert.Equal([(questions[0].Id, "Any allergies?", "Peanuts"), (questions[1].Id, "Colour", "Blue"), (questions[2].Id, "First visit?", "No")], answers);
    }

    [Fact]
    public async Task Bad_answers_are_refused_with_400_naming_the_field_and_book_nothing()
    {
        var (seeded, questions) = await SeedAsync();
        using var staff = await app.SignedInAsync("http://acme.localhost/", "manager@acme.test");
        var count = () => app.InTenantAsync("acme", sp => sp.GetRequiredService<PlatformDbContext>().Bookings.CountAsync(b => b.ServiceId == seeded.Service));
        var (allergies, colour, visit) = (questions[0].Id, questions[1].Id, questions[2].Id);

        await RefusedAsync(staff.PostAsJsonAsync("api/v1/bookings", Body(seeded, Ten, (visit, "Yes"))), $"answers[{allergies:D}]");
        await RefusedAsync(staff.PostAsJsonAsync("api/v1/bookings", Body(seeded, Ten, (allergies, "  "), (visit, "Yes"))), $"answers[{allergies:D}]");
        await RefusedAsync(staff.PostAsJsonAsync("api/v1/bookings", Body(seeded, Ten, (allergies, "None"), (colour, "Green"), (visit, "Yes"))), $"answers[{colour:D}]");
        await RefusedAsync(staff.PostAsJsonAsync("api/v1/bookings", Body(seeded, Ten, (allergies, "None"), (visit, "Perhaps"))), $"answers[{visit:D}]");
        await RefusedAsync(staff.PostAsJsonAsync("api/v1/bookings", Body(seeded, Ten, (allergies, new string('a', IntakeQuestions.MaxAnswerLength + 1)), (visit, "Yes"))), $"answers[{allergies:D}]");
        var stranger = Guid.NewGuid();
        await RefusedAsync(staff.PostAsJsonAsync("api/v1/bookings", Body(seeded, Ten, (allergies, "None"), (visit, "Yes"), (stranger, "Hi"))), $"answers[{stranger:D}]");
        await RefusedAsync(staff.PostAsJsonAsync("api/v1/bookings", Body(seeded, Ten, (allergies, "None"), (allergies, "Again"), (visit, "Yes"))), "answers");
        await RefusedAsync(staff.PostAsJsonAsync("api/v1/bookings", new { serviceId = seeded.Service, customerId = seeded.Customer, start = Ten, answers = "Peanuts" }), null);
        await RefusedAsync(staff.PostAsJsonAsync("api/v1/bookings", new { serviceId = seeded.Service, customerId = seeded.Customer, start = Ten, answers = new object?[] { null } }), "answers");
        await RefusedAsync(staff.PostAsJsonAsync("api/v1/bookings", new { serviceId = seeded.Service, customerId = seeded.Customer, start = Ten, answers = new[] { new { questionId = "nope", answer = "x" } } }), null);

        Assert.Equal(0, await count());
    }

    [Fact]
    public async Task Another_tenant_and_another_provider_never_read_the_answers()
    {
        var (seeded, questions) = await SeedAsync();
        using var manager = await app.SignedInAsync("http://acme.localhost/", "manager@acme.test");
        var created = await manager.PostAsJsonAsync("api/v1/bookings", Body(seeded, Ten.AddHours(2), (questions[0].Id, "Secret allergy"), (questions[2].Id, "Yes")));
        var id = (await created.JsonAsync()).GetProperty("id").GetString();

        using var globex = await app.SignedInAsync("http://globex.localhost/", "admin@globex.test");
        var fromGlobex = await globex.GetAsync($"api/v1/bookings/{id}");
        Assert.Equal(HttpStatusCode.NotFound, fromGlobex.StatusCode);
        Assert.DoesNotContain("Secret allergy", await fromGlobex.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.DoesNotContain("Secret allergy", await globex.GetStringAsync("api/v1/bookings?pageSize=100"), StringComparison.Ordinal);

        // Sam is staff of another provider: the booking, its answers with it, is not there for him.
        using var sam = await app.SignedInAsync("http://acme.localhost/", "sam@acme.test");
        var fromSam = await sam.GetAsync($"api/v1/bookings/{id}");
        Assert.Equal(HttpStatusCode.NotFound, fromSam.StatusCode);
        Assert.DoesNotContain("Secret allergy", await sam.GetStringAsync("api/v1/bookings?pageSize=100"), StringComparison.Ordinal);
        var samId = await app.UserIdAsync("acme", "sam@acme.test");
        Assert.Null(await app.AsActorAsync("acme", Actor.Staff(samId), sp => sp.GetRequiredService<StaffCalendar>().DetailsAsync(Guid.Parse(id!))));

        // The manager reads them in the calendar's details too.
        var managerId = await app.UserIdAsync("acme", "manager@acme.test");
        var details = await app.AsActorAsync("acme", Actor.Manager(managerId), sp => sp.GetRequiredService<StaffCalendar>().DetailsAsync(Guid.Parse(id!)));
        Assert.Equal(["Secret allergy", "Yes"], details!.Answers.Select(a => a.Answer));
    }

    [Fact]
    public async Task A_guest_on_the_portal_books_with_answers_and_refused_answers_change_nothing()
    {
        var (seeded, questions) = await SeedAsync();
        var email = $"guest-{Guid.NewGuid():N}@example.com";
        var customers = () => app.InTenantAsync("acme", sp => sp.GetRequiredService<PlatformDbContext>().Customers.CountAsync(c => c.Email == email));
        Task<Platform.Core.Common.Outcome<PlacedBooking>> PlaceAsync(Dictionary<Guid, string?> answers) =>
            app.AsActorAsync("acme", Actor.Anonymous, sp => sp.GetRequiredService<PortalBookings>().PlaceAsync(seeded.Service, seeded.Provider, Ten.AddHours(4),
                new GuestDetails("Gina Guest", email, null, "", "UTC") { Answers = answers }));

        var refused = await PlaceAsync(new() { [questions[2].Id] = "Yes" });
        Assert.Equal(ErrorCodes.ValidationFailed, refused.Code);
        Assert.Contains(IntakeQuestions.AnswerField(questions[0].Id), refused.Errors.Keys);
        Assert.Equal(0, await customers());

        var placed = await PlaceAsync(new() { [questions[0].Id] = "None", [questions[2].Id] = "yes" });
        Assert.True(placed.Succeeded, string.Join(" ", placed.Errors.Values.SelectMany(m => m)));
        var kept = await app.InTenantAsync("acme", sp => sp.GetRequiredService<PlatformDbContext>().Bookings.AsNoTracking().SingleAsync(b => b.Id == placed.Value!.Id));
        Assert.Equal([new IntakeAnswer(questions[0].Id, "Any allergies?", "None"), new IntakeAnswer(questions[2].Id, "First visit?", "Yes")], kept.Answers);
    }

    private async Task<(SeededBooking Seeded, IReadOnlyList<IntakeQuestion> Questions)> SeedAsync()
    {
        var seeded = await BookingTestData.SeedAsync(app);
        IReadOnlyList<IntakeQuestion> questions =
        [
            new(Guid.NewGuid(), "Any allergies?", IntakeQuestionKind.Text, true, []),
            new(Guid.NewGuid(), "Colour", IntakeQuestionKind.Choice, false, ["Red", "Blue"]),
            new(Guid.NewGuid(), "First visit?", IntakeQuestionKind.YesNo, true, []),
        ];
        await SetQuestionsAsync(seeded, questions);
        return (seeded, questions);
    }

    private Task<int> SetQuestionsAsync(SeededBooking seeded, IReadOnlyList<IntakeQuestion> questions) =>
        app.InTenantAsync("acme", async sp =>
        {
            var db = sp.GetRequiredService<PlatformDbContext>();
            var service = await db.Services.SingleAsync(s => s.Id == seeded.Service);
            service.Questions = questions;
            return await db.SaveChangesAsync();
        });

    private static object Body(SeededBooking seeded, DateTimeOffset start, params (Guid Question, string Answer)[] answers) => new
    {
        serviceId = seeded.Service,
        customerId = seeded.Customer,
        start,
        answers = answers.Select(a => new { questionId = a.Question, answer = a.Answer }).ToArray(),
    };

    /// <summary>A 400 validation.failed problem; when <paramref name="field"/> is given, naming it.</summary>
    private static async Task RefusedAsync(Task<HttpResponseMessage> call, string? field)
    {
        var response = await call;
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"expected 400, got {(int)response.StatusCode}: {body}");
        var problem = JsonDocument.Parse(body).RootElement;
        Assert.Equal(ErrorCodes.ValidationFailed, problem.GetProperty("code").GetString());
        if (field is not null)
        {
            Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), $"no error for {field}: {body}");
        }
    }
}

public sealed class SqliteIntakeAnswersHttpTests(SqliteIntakeAnswersHttpTests.App app) : IntakeAnswersHttpTests(app), IClassFixture<SqliteIntakeAnswersHttpTests.App>
{
    public sealed class App() : PlatformAppFactory(TestDatabase.Sqlite);
}

public sealed class PostgresIntakeAnswersHttpTests(PostgresIntakeAnswersHttpTests.App app) : IntakeAnswersHttpTests(app), IClassFixture<PostgresIntakeAnswersHttpTests.App>
{
    public sealed class App() : PlatformAppFactory(TestDatabase.Postgres);
}

/// <summary>The same in the Development and Production environments, where error pages and problem details differ.</summary>
public sealed class DevelopmentIntakeAnswersHttpTests(EnvironmentApp.Development app) : IntakeAnswersHttpTests(app), IClassFixture<EnvironmentApp.Development>;

public sealed class ProductionIntakeAnswersHttpTests(EnvironmentApp.Production app) : IntakeAnswersHttpTests(app), IClassFixture<EnvironmentApp.Production>;
