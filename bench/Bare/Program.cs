// The least a .NET program can do: start, write a line, exit (the bench divides sesame's times by this).
Console.WriteLine("Hello, World!");
