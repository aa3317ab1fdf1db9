using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Platform.Core.Bookings;
using Platform.Core.Workflows;
using Platform.Infrastructure.Bookings;
using Platform.Infrastructure.Data;

namespace Platform.Infrastructure.Workflows;

/// <summary>A call outside the database that a round claimed for <see cref="TokenId"/>.</summary>
public sealed record OutsideCall(Guid InstanceId, Guid WorkflowId, Guid? BookingId, Guid TokenId, WorkflowStep Step, int Attempt, IReadOnlyDictionary<string, object?> Data);

/// <summary>How the call went: an output, or the error that counts as a failed attempt.</summary>
public sealed record OutsideResult(Guid TokenId, JsonObject? Output, string? Error);

/// <summary>
/// The steps that reach outside the instance: a change of its booking, made through <see cref="BookingLedger"/> as the
/// platform (a change already made counts as done, so a repeated call changes nothing), and a webhook, posted as a
/// Standard Webhooks message signed with the workflow's secret, whose <c>webhook-id</c> is the same on every attempt of
/// the step for this token so that the receiver can drop a repeat.
/// </summary>
public sealed class WorkflowOutsideCalls(
    IDbContextFactory<PlatformDbContext> contexts,
    BookingLedger ledger,
    IHttpClientFactory http,
    IDataProtectionProvider protection,
    IOptions<WorkflowOptions> options,
    TimeProvider clock,
    ILogger<WorkflowOutsideCalls> logger)
{
    public const string HttpClientName = "workflow-webhooks";

    private readonly IDataProtector _secrets = protection.CreateProtector("Platform.Workflows.WebhookSecret.v1");

    public async Task<OutsideResult> CallAsync(OutsideCall call, CancellationToken ct)
    {
        try
        {
            return call.Step.Type switch
            {
                WorkflowStepTypes.ChangeBooking => await ChangeBookingAsync(call, ct),
                WorkflowStepTypes.Webhook => await PostAsync(call, ct),
                _ => new OutsideResult(call.TokenId, null, $"“{call.Step.Type}” is not a call outside."),
            };
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or IOException && !ct.IsCancellationRequested)
        {
            return new OutsideResult(call.TokenId, null, e.Message);
        }
    }

    private async Task<OutsideResult> ChangeBookingAsync(OutsideCall call, CancellationToken ct)
    {
        if (call.BookingId is not { } bookingId)
        {
            return new OutsideResult(call.TokenId, null, "This instance was not started by a booking, so there is no booking to change.");
        }

        var (action, target) = call.Step.Action switch
        {
            "confirm" => (BookingAction.Confirm, BookingStatus.Confirmed),
            "reject" => (BookingAction.Reject, BookingStatus.Rejected),
            _ => (BookingAction.Cancel, BookingStatus.Cancelled),
        };
        await using (var db = await contexts.CreateDbContextAsync(ct))
        {
            var status = await db.Bookings.AsNoTracking().Where(b => b.Id == bookingId).Select(b => (BookingStatus?)b.Status).FirstOrDefaultAsync(ct);
            // Done already, or moot: a booking cancelled or declined need not be declined or cancelled again.
            if (status == target || (target is BookingStatus.Rejected or BookingStatus.Cancelled && status is BookingStatus.Rejected or BookingStatus.Cancelled))
            {
                return new OutsideResult(call.TokenId, new JsonObject { ["status"] = status.ToString(), ["already"] = true }, null);
            }
        }

        var outcome = await ledger.ChangeAsync(bookingId, action, call.Step.Reason, ct);
        return outcome.Succeeded
            ? new OutsideResult(call.TokenId, new JsonObject { ["status"] = outcome.Value!.Status.ToString() }, null)
            : new OutsideResult(call.TokenId, null, $"The booking could not be changed: {string.Join(" ", outcome.Errors.SelectMany(e => e.Value))}");
    }

    private async Task<OutsideResult> PostAsync(OutsideCall call, CancellationToken ct)
    {
        var secret = await SecretAsync(call.WorkflowId, ct);
        var id = $"msg_{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{call.InstanceId:N}|{call.TokenId:N}|{call.Step.Id}")))[..32]}";
        var timestamp = clock.GetUtcNow().ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        var data = new JsonObject
        {
            ["workflowId"] = call.WorkflowId,
            ["instanceId"] = call.InstanceId,
            ["stepId"] = call.Step.Id,
        };
        foreach (var (name, value) in call.Data)
        {
            data[name] = WorkflowValues.ToJson(value);
        }

        var body = new JsonObject { ["type"] = "workflow.webhook", ["timestamp"] = clock.GetUtcNow().ToString("O", CultureInfo.InvariantCulture), ["data"] = data }.ToJsonString();
        using var request = new HttpRequestMessage(HttpMethod.Post, call.Step.Url) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.Add("webhook-id", id);
        request.Headers.Add("webhook-timestamp", timestamp);
        request.Headers.Add("webhook-signature", Sign(secret, id, timestamp, body));
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(options.Value.WebhookTimeout);
        using var response = await http.CreateClient(HttpClientName).SendAsync(request, timeout.Token);
        var status = (int)response.StatusCode;
        logger.LogInformation("Webhook of instance {InstanceId} step {StepId} (attempt {Attempt}) answered {Status}", call.InstanceId, call.Step.Id, call.Attempt, status);
        return response.IsSuccessStatusCode
            ? new OutsideResult(call.TokenId, new JsonObject { ["status"] = status, ["webhookId"] = id }, null)
            : new OutsideResult(call.TokenId, null, $"The webhook at {call.Step.Url} answered {status} {response.ReasonPhrase}.");
    }

    /// <summary>The Standard Webhooks signature: <c>v1,</c> and the base64 HMAC-SHA256 of <c>id.timestamp.body</c> with the secret's bytes.</summary>
    public static string Sign(string secret, string id, string timestamp, string body)
    {
        var key = Convert.FromBase64String(secret.StartsWith("whsec_", StringComparison.Ordinal) ? secret["whsec_".Length..] : secret);
        return "v1," + Convert.ToBase64String(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes($"{id}.{timestamp}.{body}")));
    }

    /// <summary>The workflow's signing secret in clear (<c>whsec_...</c>), made and stored protected on first use.</summary>
    public async Task<string> SecretAsync(Guid workflowId, CancellationToken ct)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var workflow = await db.Workflows.SingleAsync(w => w.Id == workflowId, ct);
        if (workflow.WebhookSecret is { } stored)
        {
            return _secrets.Unprotect(stored);
        }

        var secret = "whsec_" + Convert.ToBase64String(RandomNumberGenerator.GetBytes(24));
        workflow.WebhookSecret = _secrets.Protect(secret);
        try
        {
            await db.SaveChangesAsync(ct);
            return secret;
        }
        catch (DbUpdateException)
        {
            // Made at the same moment elsewhere: that one is the secret.
            await using var again = await contexts.CreateDbContextAsync(ct);
            return _secrets.Unprotect((await again.Workflows.AsNoTracking().SingleAsync(w => w.Id == workflowId, ct)).WebhookSecret!);
        }
    }

    /// <summary>
    /// The connection of the webhook client: a name that resolves to a loopback, private, link-local or otherwise internal
    /// address is refused (unless <see cref="WorkflowOptions.AllowPrivateWebhookAddresses"/>), so a workflow cannot be used
    /// to reach the platform's own network.
    /// </summary>
    public static SocketsHttpHandler Handler(WorkflowOptions options) => new()
    {
        AllowAutoRedirect = false,
        PooledConnectionLifetime = TimeSpan.FromMinutes(5),
        ConnectCallback = async (context, ct) =>
        {
            var addresses = await Dns.GetHostAddressesAsync(context.DnsEndPoint.Host, ct);
            var allowed = addresses.Where(a => options.AllowPrivateWebhookAddresses || IsPublic(a)).ToArray();
            if (allowed.Length == 0)
            {
                throw new HttpRequestException($"{context.DnsEndPoint.Host} is not a public address; webhooks only go to the internet.");
            }

            var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                await socket.ConnectAsync(allowed, context.DnsEndPoint.Port, ct);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        },
    };

    public static bool IsPublic(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        if (IPAddress.IsLoopback(address) || address.Equals(IPAddress.Any) || address.Equals(IPAddress.IPv6Any)
            || address.IsIPv6LinkLocal || address.IsIPv6SiteLocal || address.IsIPv6Multicast || address.IsIPv6UniqueLocal)
        {
            return false;
        }

        if (address.AddressFamily != AddressFamily.InterNetwork)
        {
            return true;
        }

        var b = address.GetAddressBytes();
        return !(b[0] == 10 || b[0] == 0 || b[0] == 127 || (b[0] == 169 && b[1] == 254) || (b[0] == 172 && b[1] >= 16 && b[1] <= 31)
                 || (b[0] == 192 && b[1] == 168) || (b[0] == 100 && b[1] >= 64 && b[1] <= 127) || b[0] >= 224);
    }
}
