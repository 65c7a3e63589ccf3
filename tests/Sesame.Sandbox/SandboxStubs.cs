using Microsoft.AspNetCore.Http;

namespace Sesame.Sandbox;

public sealed partial class Sandbox
{
    private static Task IdentityAsync(HttpContext context)
    {
        context.Response.StatusCode = 404;
        return Task.CompletedTask;
    }

    private static Task MetadataAsync(HttpContext context)
    {
        context.Response.StatusCode = 404;
        return Task.CompletedTask;
    }
}
