using Amazon.Runtime;
using Microsoft.Extensions.DependencyInjection;

namespace Sesame;

/// <summary>Registers Sesame's credentials with <c>Microsoft.Extensions.DependencyInjection</c>.</summary>
public static class SesameServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="SesameCredentials"/> for <paramref name="profile"/> (or the default chain when
    /// <c>null</c>) as a singleton, also as <see cref="AWSCredentials"/>, so SDK clients created from the
    /// container (and <c>AWSSDK.Extensions.NETCore.Setup</c>'s <c>AWSOptions.Credentials</c>) use it.
    /// </summary>
    public static IServiceCollection AddSesameCredentials(this IServiceCollection services, string? profile = null, SesameOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var credentials = profile is null ? SesameCredentials.Default(options) : SesameCredentials.ForProfile(profile, options);
        services.AddSingleton(credentials);
        services.AddSingleton<AWSCredentials>(credentials);
        return services;
    }
}
