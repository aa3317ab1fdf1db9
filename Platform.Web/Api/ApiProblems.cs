using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Platform.Core.Common;
using Platform.Core.Errors;

namespace Platform.Web.Api;

/// <summary>Problem responses of the API, one way: field names as the JSON spells them, a stable code always.</summary>
public static class ApiProblems
{
    /// <summary>400 with code validation.failed and the problems by field.</summary>
    public static ValidationProblem Invalid(IReadOnlyDictionary<string, string[]> errors) => TypedResults.ValidationProblem(
        errors.ToDictionary(e => JsonNamingPolicy.CamelCase.ConvertName(e.Key), e => e.Value),
        title: "The request has invalid fields.",
        extensions: new Dictionary<string, object?> { ["code"] = ErrorCodes.ValidationFailed });

    public static ValidationProblem Invalid(string field, string message) => Invalid(new Dictionary<string, string[]> { [field] = [message] });

    /// <summary>404 with code not_found. Another tenant's id answers this too: it reveals nothing.</summary>
    public static ProblemHttpResult NotFound(string title) => Problem(StatusCodes.Status404NotFound, ErrorCodes.NotFound, title, null);

    /// <summary>412 with code precondition_failed: the resource is no longer what the request's <c>If-Match</c> named.</summary>
    public static ProblemHttpResult PreconditionFailed(string title) => Problem(StatusCodes.Status412PreconditionFailed, ErrorCodes.PreconditionFailed, title, null);

    /// <summary>
    /// The problem for a failed use case, by its code, as one result type for typed endpoint unions: 400 for invalid
    /// input (the fields named), 404 for what is not there or not this actor's, 403 for an actor the use case refuses,
    /// 422 for an idempotency key reused with another request, 409 for every other rule the request broke.
    /// </summary>
    public static ProblemHttpResult Of<T>(Outcome<T> outcome)
    {
        var message = outcome.Errors.Values.SelectMany(v => v).FirstOrDefault() ?? "The request failed.";
        return outcome.Code switch
        {
            null or ErrorCodes.ValidationFailed => TypedResults.Problem(new HttpValidationProblemDetails(
                outcome.Errors.ToDictionary(e => JsonNamingPolicy.CamelCase.ConvertName(e.Key), e => e.Value))
            {
                Status = StatusCodes.Status400BadRequest,
                Title = "The request has invalid fields.",
                Extensions = { ["code"] = ErrorCodes.ValidationFailed },
            }),
            ErrorCodes.NotFound => NotFound(message),
            ErrorCodes.Forbidden => Problem(StatusCodes.Status403Forbidden, outcome.Code, message, outcome.Errors),
            ErrorCodes.Gone => Problem(StatusCodes.Status410Gone, outcome.Code, message, outcome.Errors),
            ErrorCodes.IdempotencyKeyReused => Problem(StatusCodes.Status422UnprocessableEntity, outcome.Code, message, outcome.Errors),
            _ => Problem(StatusCodes.Status409Conflict, outcome.Code, message, outcome.Errors),
        };
    }

    private static ProblemHttpResult Problem(int status, string code, string title, IReadOnlyDictionary<string, string[]>? errors)
    {
        var extensions = new Dictionary<string, object?> { ["code"] = code };
        if (errors is { Count: > 0 })
        {
            extensions["errors"] = errors.ToDictionary(e => JsonNamingPolicy.CamelCase.ConvertName(e.Key), e => e.Value);
        }

        return TypedResults.Problem(statusCode: status, title: title, extensions: extensions);
    }
}
