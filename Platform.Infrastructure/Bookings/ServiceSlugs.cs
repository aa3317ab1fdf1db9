using System.Text;

namespace Platform.Infrastructure.Bookings;

/// <summary>A service's name as a booking link may name it: lower case letters and digits joined by hyphens.</summary>
public static class ServiceSlugs
{
    public static string Of(string name)
    {
        var slug = new StringBuilder(name.Length);
        foreach (var c in name.Normalize(NormalizationForm.FormKD))
        {
            if (char.IsAsciiLetterOrDigit(c))
            {
                slug.Append(char.ToLowerInvariant(c));
            }
            else if (char.IsWhiteSpace(c) || c is '-' or '_' or '/' or '&' or '+' or '.')
            {
                if (slug.Length > 0 && slug[^1] != '-')
                {
                    slug.Append('-');
                }
            }
        }

        return slug.ToString().TrimEnd('-');
    }
}
