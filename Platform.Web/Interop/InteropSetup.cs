namespace Platform.Web.Interop;

/// <summary>Registers the typed JS interop wrappers: one per circuit, sharing its imported module.</summary>
public static class InteropSetup
{
    public static IServiceCollection AddJsInterop(this IServiceCollection services)
    {
        services.AddScoped<LocaleInterop>();
        services.AddScoped<NotifyInterop>();
        services.AddScoped<PushInterop>();
        services.AddScoped<ClipboardInterop>();
        services.AddScoped<CalendarInterop>();
        services.AddScoped<ChartInterop>();
        services.AddScoped<DesignerInterop>();
        services.AddScoped<BookingFrameInterop>();
        return services;
    }
}
