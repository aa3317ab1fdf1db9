using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Platform.Core.Errors;
using Platform.Core.Features;
using Platform.Core.Identity;
using Platform.Infrastructure.Identity;

namespace Platform.Web.Api.V1;

/// <summary>/api/v1/api-keys: the tenant's API keys, managed by its admins (signed in; a key cannot manage keys).</summary>
public static class ApiKeyEndpoints
{
    public static void Map(RouteGroupBuilder v1)
    {
        var keys = v1.MapGroup("/api-keys").WithTags("API keys")
            .RequireAuthorization(PlatformPolicies.TenantAdmin)
            .RequireFeature(PlatformFeatures.ApiAccess);
        keys.MapGet("", ListAsync)
            .WithSummary("The tenant's API keys, newest first: name, prefix, scopes, dates and status; never the secret.");
        keys.MapPost("", CreateAsync)
            .WithSummary("Creates an API key. The answer carries the secret, once: store it, it cannot be shown again.");
        keys.MapDelete("/{id:guid}", RevokeAsync)
            .WithSummary("Revokes an API key at once; requests with it answer 401 auth.invalid_api_key.");
    }

    public sealed record CreateApiKeyRequest(string? Name, string[]? Scopes, DateTimeOffset? ExpiresAt);

    public sealed record ApiKeyDto(
        Guid Id,
        string Name,
        string Prefix,
        IReadOnlyList<string> Scopes,
        DateTimeOffset CreatedAt,
        DateTimeOffset? ExpiresAt,
        DateTimeOffset? LastUsedAt,
        DateTimeOffset? RevokedAt,
        string Status)
    {
        public static ApiKeyDto From(ApiKeySummary key) => new(
            key.Id, key.Name, key.Prefix, key.Scopes, key.CreatedAt, key.ExpiresAt, key.LastUsedAt, key.RevokedAt,
            JsonNamingPolicy.CamelCase.ConvertName(key.Status.ToString()));
    }

    public sealed record CreatedApiKeyDto(ApiKeyDto Key, string Secret);

    private static async Task<Results<Ok<ApiKeyDto[]>, ProblemHttpResult>> ListAsync(ApiKeys keys, CancellationToken ct)
    {
        var outcome = await keys.ListAsync(ct);
        return outcome is { Succeeded: true, Value: { } listed } ? TypedResults.Ok(listed.Select(ApiKeyDto.From).ToArray()) : ApiProblems.Of(outcome);
    }

    private static async Task<Results<Created<CreatedApiKeyDto>, ValidationProblem, ProblemHttpResult>> CreateAsync(
        CreateApiKeyRequest request, ApiKeys keys, HttpContext http, CancellationToken ct)
    {
        var outcome = await keys.CreateAsync(new CreateApiKey(request.Name ?? "", request.Scopes ?? [], request.ExpiresAt), ct);
        if (outcome is not { Succeeded: true, Value: { } created })
        {
            return outcome.Code is null or ErrorCodes.ValidationFailed
                ? TypedResults.ValidationProblem(
                    outcome.Errors.ToDictionary(e => JsonNamingPolicy.CamelCase.ConvertName(e.Key), e => e.Value),
                    title: "Some fields are not valid.",
                    extensions: new Dictionary<string, object?> { ["code"] = ErrorCodes.ValidationFailed })
                : ApiProblems.Of(outcome);
        }

        return TypedResults.Created($"{http.Request.PathBase}/api/v1/api-keys/{created.Key.Id}", new CreatedApiKeyDto(ApiKeyDto.From(created.Key), created.Secret));
    }

    /// <summary>Another tenant's key is "not found" too: its existence is none of this tenant's business.</summary>
    private static async Task<Results<NoContent, ProblemHttpResult>> RevokeAsync(Guid id, ApiKeys keys, CancellationToken ct) =>
        await keys.RevokeAsync(id, ct) is { Succeeded: false } refused ? ApiProblems.Of(refused) : TypedResults.NoContent();
}
