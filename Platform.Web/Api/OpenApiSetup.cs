using Microsoft.OpenApi;
using Platform.Web.Security;
using Scalar.AspNetCore;

namespace Platform.Web.Api;

/// <summary>The OpenAPI document of /api at /openapi/v1.json, with the X-Api-Key scheme, and its browsable reference at /scalar.</summary>
public static class OpenApiSetup
{
    public const string DocumentName = "v1";

    public static IServiceCollection AddPlatformOpenApi(this IServiceCollection services) =>
        services.AddOpenApi(DocumentName, options =>
        {
            options.ShouldInclude = description => description.RelativePath?.StartsWith("api/", StringComparison.Ordinal) == true;
            options.AddDocumentTransformer((document, _, _) =>
            {
                document.Info = new OpenApiInfo
                {
                    Title = "Platform API",
                    Version = DocumentName,
                    Description = "The tenant's booking API. Send a tenant's API key in the X-Api-Key header (create one under Settings, API keys); " +
                                  "the key decides the tenant. Errors are RFC 9457 problems with a stable `code`.",
                };
                document.Components ??= new OpenApiComponents();
                document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
                document.Components.SecuritySchemes[ApiKeyAuthentication.Scheme] = new OpenApiSecurityScheme
                {
                    Type = SecuritySchemeType.ApiKey,
                    In = ParameterLocation.Header,
                    Name = ApiKeyAuthentication.Header,
                    Description = "A tenant's API key (pk_...). Each endpoint also needs the scope it names.",
                };
                document.Security = [new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(ApiKeyAuthentication.Scheme, document)] = [] }];
                return Task.CompletedTask;
            });
            options.AddOperationTransformer((operation, context, _) =>
            {
                var scopes = context.Description.ActionDescriptor.EndpointMetadata.OfType<ApiKeyScope>().Select(s => $"`{s.Scope}`").ToList();
                var access = scopes.Count > 0 ? $"API key scope: {string.Join(", ", scopes)}." : null;
                if (access is not null)
                {
                    operation.Description = string.IsNullOrEmpty(operation.Description) ? access : $"{operation.Description}\n\n{access}";
                }

                return Task.CompletedTask;
            });
        });

    public static void MapPlatformOpenApi(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapOpenApi();
        // Everything from the package's own bundle: no fonts, telemetry or AI agent from Scalar's servers.
        endpoints.MapScalarApiReference(options => options
            .WithTitle("Platform API reference")
            .DisableDefaultFonts()
            .DisableTelemetry()
            .DisableAgent()
            .DisableMcp()
            .HideDeveloperTools()
            .AddPreferredSecuritySchemes(ApiKeyAuthentication.Scheme));
    }
}
