using Sesame.Cli;

return CliApp.Run(args, CliContext.CreateDefault());
