using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;
using Platform.Core.Errors;

namespace Platform.Web.Api;

/// <summary>
/// The error contract of /api in one place: every answer of 400 or more is an RFC 9457 problem with a
/// stable <c>code</c>, in every environment, under both address forms, whatever the Accept header.
/// </summary>
public static class ApiErrorContract
{
    public static IServiceCollection AddApiErrorContract(this IServiceCollection services)
    {
        // Binding failures throw in every environment, so the handler below can name the field.
        services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        services.AddExceptionHandler<BadRequestProblems>();
        // After the default writer, which declines when the client asks for HTML only: the API answers a problem anyway.
        services.AddSingleton<IProblemDetailsWriter, ApiProblemDetailsWriter>();
        return services;
    }

    /// <summary>
    /// An /api request, at either address form: <c>/api/...</c> on the tenant's host, or <c>/t/{slug}/api/...</c>
    /// before tenant resolution moves the prefix into PathBase.
    /// </summary>
    public static bool IsApi(HttpRequest request)
    {
        if (request.Path.StartsWithSegments("/api"))
        {
            return true;
        }

        var path = request.Path.Value;
        if (path is null || !path.StartsWith("/t/", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        var end = path.IndexOf('/', 3);
        return end > 3 && new PathString(path[end..]).StartsWithSegments("/api");
    }

    /// <summary>
    /// Refuses a body in a charset nobody can decode with 415 before the endpoint would throw on it.
    /// Only for endpoints that read JSON and only when the request names a charset.
    /// </summary>
    public static IApplicationBuilder UseApiBodyCharsetCheck(this IApplicationBuilder app) =>
        app.Use(async (context, next) =>
        {
            if (UnreadableCharset(context) is { } charset)
            {
                context.Response.StatusCode = StatusCodes.Status415UnsupportedMediaType;
                await context.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
                {
                    HttpContext = context,
                    ProblemDetails =
                    {
                        Status = StatusCodes.Status415UnsupportedMediaType,
                        Title = "The body's charset is not supported.",
                        Detail = $"Send JSON in UTF-8 (charset '{charset}' is unknown).",
                    },
                });
                return;
            }

            await next(context);
        });

    private static string? UnreadableCharset(HttpContext context)
    {
        if (!MediaTypeHeaderValue.TryParse(context.Request.ContentType, out var media) || !media.Charset.HasValue
            || context.GetEndpoint()?.Metadata.GetMetadata<IAcceptsMetadata>() is not { } accepts
            || !accepts.ContentTypes.Any(t => t.Contains("json", StringComparison.OrdinalIgnoreCase)))
        {
            return null;
        }

        var charset = media.Charset.Value!.Trim('"');
        try
        {
            _ = Encoding.GetEncoding(charset);
            return null;
        }
        catch (Exception e) when (e is ArgumentException or NotSupportedException)
        {
            return charset;
        }
    }
}

/// <summary>
/// A request the endpoint could not bind (malformed JSON, a value of the wrong type, a missing body or
/// parameter, a body it cannot read): for /api a 400 <c>validation.failed</c> naming the field, or the
/// exception's own status (415, 413) as a problem; for pages the status alone.
/// </summary>
internal sealed partial class BadRequestProblems(IProblemDetailsService problems) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is not BadHttpRequestException bad)
        {
            return false;
        }

        context.Response.StatusCode = bad.StatusCode;
        if (!ApiErrorContract.IsApi(context.Request))
        {
            return true;
        }

        ProblemDetails problem = bad.StatusCode == StatusCodes.Status400BadRequest
            ? new HttpValidationProblemDetails(Errors(bad)) { Title = "The request could not be read." }
            : new ProblemDetails { Title = bad.StatusCode == StatusCodes.Status415UnsupportedMediaType ? "The body's media type is not supported." : "The request was refused." };
        problem.Status = bad.StatusCode;
        if (bad.StatusCode == StatusCodes.Status400BadRequest)
        {
            problem.Extensions["code"] = ErrorCodes.ValidationFailed;
        }
        else
        {
            problem.Detail = bad.Message;
        }

        return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = context, ProblemDetails = problem, Exception = exception });
    }

    /// <summary>The field, as the client spells it, and what is wrong with it.</summary>
    private static Dictionary<string, string[]> Errors(BadHttpRequestException bad)
    {
        if (bad.InnerException is JsonException json)
        {
            var path = json.Path is { Length: > 2 } p && p.StartsWith("$.", StringComparison.Ordinal) ? p[2..] : null;
            var reason = json.Message.Split(" Path:", 2)[0];
            return path is null
                ? new() { ["body"] = [$"The body is not valid JSON of the expected shape: {reason}"] }
                : new() { [path] = [$"The value does not fit: {reason}"] };
        }

        var parameter = ParameterPattern().Match(bad.Message);
        var name = parameter.Success ? parameter.Groups["name"].Value : "request";
        var message = bad.Message switch
        {
            var m when m.StartsWith("Failed to bind parameter", StringComparison.Ordinal) => $"'{Shorten(ValuePattern().Match(m).Groups["value"].Value)}' is not a valid value.",
            var m when m.StartsWith("Required parameter", StringComparison.Ordinal) || m.StartsWith("Implicit body", StringComparison.Ordinal) => "A value is required.",
            var m when m.Contains("request body", StringComparison.Ordinal) => "The body could not be read.",
            var m => m,
        };
        return new() { [name] = [message] };
    }

    private static string Shorten(string value) => value.Length <= 60 ? value : value[..60] + "...";

    [GeneratedRegex(@"parameter ""(?:[^""]*\s)?(?<name>[^""\s]+)""", RegexOptions.CultureInvariant)]
    private static partial Regex ParameterPattern();

    [GeneratedRegex(@"from ""(?<value>.*)""\.$", RegexOptions.CultureInvariant | RegexOptions.Singleline)]
    private static partial Regex ValuePattern();
}

/// <summary>
/// Writes an /api problem as <c>application/problem+json</c> when the default writer declines because the
/// client asked for something else (Accept: text/html), so an API error is never a plain-text page.
/// </summary>
internal sealed class ApiProblemDetailsWriter(IOptions<ProblemDetailsOptions> options, IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions> json) : IProblemDetailsWriter
{
    public bool CanWrite(ProblemDetailsContext context) => ApiErrorContract.IsApi(context.HttpContext.Request);

    public ValueTask WriteAsync(ProblemDetailsContext context)
    {
        var problem = context.ProblemDetails;
        problem.Status ??= context.HttpContext.Response.StatusCode;
        problem.Title ??= Microsoft.AspNetCore.WebUtilities.ReasonPhrases.GetReasonPhrase(problem.Status.Value);
        options.Value.CustomizeProblemDetails?.Invoke(context);
        return new ValueTask(context.HttpContext.Response.WriteAsJsonAsync(problem, problem.GetType(), json.Value.SerializerOptions, "application/problem+json", context.HttpContext.RequestAborted));
    }
}
