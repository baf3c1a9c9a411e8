using Microsoft.Extensions.Logging;

namespace LiveTranscription.TestKit;

/// <summary>Writes logs to stderr when LT_TEST_LOG=1 (for diagnosing a failing test).</summary>
public sealed class ConsoleLogProvider : ILoggerProvider
{
    public static bool Enabled => Environment.GetEnvironmentVariable("LT_TEST_LOG") == "1";

    public ILogger CreateLogger(string categoryName) => new Logger(categoryName);

    public void Dispose()
    {
    }

    private sealed class Logger(string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => Enabled && logLevel >= LogLevel.Debug;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel))
            {
                Console.Error.WriteLine($"{DateTime.UtcNow:HH:mm:ss.fff} {logLevel} {category}: {formatter(state, exception)} {exception}");
            }
        }
    }
}
