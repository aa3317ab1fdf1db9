using Microsoft.Extensions.Time.Testing;
using Platform.Infrastructure.Security;

namespace Platform.Tests.Security;

/// <summary>Authenticator codes at the edges of the accepted clock drift.</summary>
public class TotpCodeTests
{
    private const string Secret = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP";

    [Theory]
    [InlineData(-1, true)]
    [InlineData(0, true)]
    [InlineData(1, true)]
    [InlineData(-2, false)]
    [InlineData(2, false)]
    public void A_code_is_accepted_one_step_either_side_and_no_further(int steps, bool accepted)
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 24, 9, 0, 10, TimeSpan.Zero));
        var code = TotpCode.Compute(Secret, clock.GetUtcNow().AddSeconds(steps * TotpCode.StepSeconds));

        var step = TotpCode.Match(Secret, code, clock.GetUtcNow());

        Assert.Equal(accepted, step is not null);
        if (accepted)
        {
            Assert.Equal((clock.GetUtcNow().ToUnixTimeSeconds() / TotpCode.StepSeconds) + steps, step);
        }
    }

    [Theory]
    [InlineData("")]
    [InlineData("12345")]
    [InlineData("1234567")]
    [InlineData("12a456")]
    [InlineData("١٢٣٤٥٦")]
    public void A_malformed_code_is_refused(string code) =>
        Assert.Null(TotpCode.Match(Secret, code, DateTimeOffset.UtcNow));

    [Fact]
    public void Spaces_and_dashes_as_typed_are_ignored()
    {
        var now = DateTimeOffset.UtcNow;
        var code = TotpCode.Compute(Secret, now);
        Assert.NotNull(TotpCode.Match(Secret, $"{code[..3]} {code[3..]}", now));
        Assert.NotNull(TotpCode.Match(Secret, $"{code[..3]}-{code[3..]}", now));
    }

    [Fact]
    public void The_authenticator_address_names_the_issuer_account_and_secret()
    {
        var uri = TotpCode.AuthenticatorUri("Acme Physiotherapy", "admin@acme.test", Secret);
        Assert.Equal($"otpauth://totp/Acme%20Physiotherapy:admin%40acme.test?secret={Secret}&issuer=Acme%20Physiotherapy&digits=6&period=30", uri);
    }
}
