using Bunit;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using Platform.Infrastructure.Workflows;
using Platform.Tests.Support;
using Platform.Web.Components.Pages.App.Workflows;

namespace Platform.Tests.Workflows;

/// <summary>
/// The parts of the approvals inbox on their own: a card says whose a task is, when it is due (and that it is overdue
/// or escalated) in the tenant's zone, and offers only what its person may do; the comment dialog refuses a rejection
/// without a comment and stays open with the use case's refusal.
/// </summary>
public class ApprovalComponentsTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 7, 15, 0, 0, TimeSpan.Zero);

    private static TaskItem Item(WorkflowTaskStatus status = WorkflowTaskStatus.Open, bool mayDecide = true, bool mayResubmit = false, DateTimeOffset? due = null,
        DateTimeOffset? escalated = null, string? role = "Manager", string? assignee = null, string? comment = null, bool maySendBack = true) => new(
        Guid.NewGuid(), "Approve: Deep tissue massage for Ann Lee", Guid.NewGuid(), "Large booking approval", Guid.NewGuid(), "approve", status,
        assignee is null ? null : Guid.NewGuid(), assignee, assignee is null ? role : null, Guid.NewGuid(), new DateTimeOffset(2026, 12, 9, 14, 0, 0, TimeSpan.Zero),
        Now.AddHours(-3), due, escalated, comment, null, null, null, mayDecide, mayResubmit, mayDecide && maySendBack);

    /// <summary>ICU writes "9:00\u202FAM"; the assertions read it as a plain space.</summary>
    private static string Spaces(string text) => text.Replace('\u202F', ' ').Replace('\u00A0', ' ');

    [Fact]
    public async Task An_overdue_escalated_task_of_a_role_reads_in_the_tenants_zone_with_its_actions()
    {
        await using var ctx = new PlatformBunitContext();
        System.Globalization.CultureInfo.CurrentCulture = new System.Globalization.CultureInfo("en-US");
        var task = Item(due: Now.AddHours(-1), escalated: Now.AddMinutes(-30), comment: "Please check the price");

        var card = ctx.Render<ApprovalCard>(p => p.Add(c => c.Task, task).Add(c => c.Zone, "America/New_York").Add(c => c.Now, Now));

        Assert.Equal("For Managers", card.Find("[data-testid=task-assignee]").TextContent.Trim());
        // 14:00 UTC on Wednesday is 9:00 AM in New York; the deadline 14:00 UTC on Monday is 9:00 AM there too.
        Assert.Contains("Wed, Dec 9, 9:00 AM", Spaces(card.Markup), StringComparison.Ordinal);
        Assert.Equal("Due Mon, Dec 7, 9:00 AM", Spaces(card.Find("[data-testid=task-due]").TextContent.Trim()));
        Assert.Single(card.FindAll("[data-testid=task-overdue]"));
        Assert.Single(card.FindAll("[data-testid=task-escalated]"));
        Assert.Contains("Please check the price", card.Find("[data-testid=task-comment-text]").TextContent, StringComparison.Ordinal);
        Assert.Equal(["approve", "reject", "send-back", "delegate"], card.FindAll("button[data-testid]").Select(b => b.GetAttribute("data-testid")!));
    }

    [Fact]
    public async Task A_task_due_later_is_not_overdue_one_from_the_portal_cannot_be_sent_back_and_a_sent_back_one_offers_only_resubmit()
    {
        await using var ctx = new PlatformBunitContext();
        var later = ctx.Render<ApprovalCard>(p => p.Add(c => c.Task, Item(due: Now.AddDays(1))).Add(c => c.Zone, "America/New_York").Add(c => c.Now, Now));
        Assert.Empty(later.FindAll("[data-testid=task-overdue]"));

        // Nobody on the staff asked (the portal did): nobody to send it back to, so no such button.
        var fromPortal = ctx.Render<ApprovalCard>(p => p.Add(c => c.Task, Item(maySendBack: false)).Add(c => c.Zone, "America/New_York").Add(c => c.Now, Now));
        Assert.Equal(["approve", "reject", "delegate"], fromPortal.FindAll("button[data-testid]").Select(b => b.GetAttribute("data-testid")!));

        var sentBack = ctx.Render<ApprovalCard>(p => p.Add(c => c.Task, Item(WorkflowTaskStatus.SentBack, mayDecide: false, mayResubmit: true, assignee: "Mark Manager"))
            .Add(c => c.Zone, "America/New_York").Add(c => c.Now, Now));
        Assert.Equal(["resubmit"], sentBack.FindAll("button[data-testid]").Select(b => b.GetAttribute("data-testid")!));
        Assert.Equal("Sent back", sentBack.Find("[data-testid=task-status]").TextContent.Trim());
    }

    [Fact]
    public async Task A_decided_task_in_the_history_says_who_decided_and_when_in_the_tenants_culture()
    {
        await using var ctx = new PlatformBunitContext();
        var decided = Item(WorkflowTaskStatus.Rejected, mayDecide: false, comment: "Too large") with { DecidedByName = "Max Manager", DecidedAt = Now };
        var culture = System.Globalization.CultureInfo.CurrentCulture;
        System.Globalization.CultureInfo.CurrentCulture = new System.Globalization.CultureInfo("de-DE");
        try
        {
            var card = ctx.Render<ApprovalCard>(p => p.Add(c => c.Task, decided).Add(c => c.Zone, "Europe/Berlin").Add(c => c.Now, Now).Add(c => c.History, true));
            Assert.Equal("Rejected by Max Manager on 7. Dez. 2026, 16:00", Spaces(card.Find("[data-testid=task-decided]").TextContent.Trim()));
            Assert.Empty(card.FindAll("button"));
        }
        finally
        {
            System.Globalization.CultureInfo.CurrentCulture = culture;
        }
    }

    [Fact]
    public async Task A_task_handed_on_and_still_open_in_the_history_says_to_whom_and_offers_nothing()
    {
        await using var ctx = new PlatformBunitContext();
        var handedOn = Item(WorkflowTaskStatus.Open, mayDecide: false, assignee: "Sam Rivera");

        var card = ctx.Render<ApprovalCard>(p => p.Add(c => c.Task, handedOn).Add(c => c.Zone, "Europe/Berlin").Add(c => c.Now, Now).Add(c => c.History, true));

        Assert.Equal("Handed on to Sam Rivera", card.Find("[data-testid=task-decided]").TextContent.Trim());
        Assert.Equal("Open", card.Find("[data-testid=task-status]").TextContent.Trim());
        Assert.Empty(card.FindAll("button"));
    }

    [Fact]
    public async Task The_comment_dialog_refuses_an_empty_required_comment_then_shows_the_use_cases_refusal()
    {
        await using var ctx = new PlatformBunitContext();
        ctx.Render<MudPopoverProvider>();
        var page = ctx.Render<MudDialogProvider>();
        var dialogs = ctx.Services.GetRequiredService<IDialogService>();
        var sent = new List<string?>();
        var answer = (string?)"You decided another approval of this request already; this one needs someone else.";
        var done = page.InvokeAsync(() => TaskCommentDialog.AskAsync(dialogs, "Reject", "Why?", "Reject", Color.Error, required: true, comment =>
        {
            sent.Add(comment);
            return Task.FromResult(answer);
        }));
        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll("form#task-comment-form")));

        page.Find("form#task-comment-form").Submit();
        page.WaitForAssertion(() => Assert.Contains(TaskCommentDialog.MissingComment, System.Net.WebUtility.HtmlDecode(page.Markup), StringComparison.Ordinal));
        Assert.Empty(sent);

        page.Find("textarea").Input("  The price is wrong  ");
        page.Find("form#task-comment-form").Submit();
        page.WaitForAssertion(() => Assert.Contains("You decided another approval of this request already", page.Find("[data-testid=task-comment-refusal]").TextContent, StringComparison.Ordinal));
        Assert.DoesNotContain(TaskCommentDialog.MissingComment, System.Net.WebUtility.HtmlDecode(page.Markup), StringComparison.Ordinal);
        Assert.Equal(["The price is wrong"], sent);
        Assert.False(done.IsCompleted, "The dialog stays open while the use case refuses.");

        answer = null;
        page.Find("form#task-comment-form").Submit();
        Assert.True(await done.WaitAsync(TimeSpan.FromSeconds(10)));
    }
}
