using Sesame.Core.Platform;

namespace Sesame.Cli.Interactive;

/// <summary>
/// The console of the interactive commands (<c>sso login</c>, <c>sso populate</c>, <c>configure sso</c>):
/// Core's <see cref="IInteractiveUi"/> on standard error. It mentions no Spectre.Console type, so
/// holding one never loads that library: only the real implementation (<see cref="SpectreConsoleUi"/>)
/// does, and only interactive commands create it — the <c>credential-process</c> path never does.
/// Tests script it.
/// </summary>
internal interface IConsoleUi : IInteractiveUi
{
}
