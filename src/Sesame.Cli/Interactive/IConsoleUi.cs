using Sesame.Core.Platform;

namespace Sesame.Cli.Interactive;

/// <summary>
/// The console of the interactive commands (<c>sso login</c>, <c>sso populate</c>, <c>configure sso</c>):
/// Core's <see cref="IInteractiveUi"/> on standard error. The real implementation
/// (<see cref="TerminalConsoleUi"/>) is created only inside interactive commands' actions — the
/// <c>credential-process</c> path never does. Tests script it.
/// </summary>
internal interface IConsoleUi : IInteractiveUi
{
}
