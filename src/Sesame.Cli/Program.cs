using Sesame.Cli;
using Sesame.Core.Platform;

// SIGINT/SIGTERM/SIGHUP end every command promptly: the token is cancelled, helpers are killed with
// their process group, and the exit code says which signal it was (docs/exit-codes.md).
using var interrupts = Interrupts.Install();
var exitCode = CliApp.Run(args, CliContext.CreateDefault());
return Interrupts.ExitCode ?? exitCode;
