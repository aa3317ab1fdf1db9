using BenchmarkDotNet.Running;

// dotnet run -c Release --project benchmarks/Platform.Benchmarks -- --filter '*'
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
