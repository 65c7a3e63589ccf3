namespace Sesame.Core.Errors;

/// <summary>The user must answer a prompt, but there is no terminal (and no other source was configured).</summary>
public sealed class InteractionRequiredException : SesameException
{
    /// <summary>Creates the error; the message should say how to avoid the prompt.</summary>
    public InteractionRequiredException(string message)
        : base(message, ExitCodes.InteractionRequired)
    {
    }
}
