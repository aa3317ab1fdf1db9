using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Platform.Core.Sms;
using Platform.Infrastructure.Sms;

namespace Platform.Tests.Sms;

public sealed class PickupFolderSmsSenderTests
{
    [Fact]
    public async Task Each_message_is_a_file_with_the_recipient_and_the_body()
    {
        var folder = Directory.CreateTempSubdirectory("platform-sms-").FullName;
        var sender = new PickupFolderSmsSender(
            Options.Create(new SmsOptions { PickupDirectory = folder }),
            new FakeTimeProvider(new DateTimeOffset(2026, 11, 24, 9, 0, 0, TimeSpan.Zero)),
            NullLogger<PickupFolderSmsSender>.Instance);

        await sender.SendAsync(new SmsMessage("+12125550123", "Your code is 123456"));
        await sender.SendAsync(new SmsMessage("+4930123456", "Second"));

        var files = Directory.GetFiles(folder, "*.txt").Order().ToArray();
        Assert.Equal(2, files.Length);
        Assert.All(files, f => Assert.StartsWith("20261124090000000-", Path.GetFileName(f)));
        var texts = files.Select(File.ReadAllText).ToArray();
        Assert.Contains(texts, t => t.StartsWith("To: +12125550123\n", StringComparison.Ordinal) && t.Contains("Your code is 123456", StringComparison.Ordinal));
        Assert.Contains(texts, t => t.StartsWith("To: +4930123456\n", StringComparison.Ordinal) && t.Contains("Second", StringComparison.Ordinal));
    }
}
