using LiveTranscription.Grains.Abstractions.Sessions;

namespace LiveTranscription.TestKit;

/// <summary>Records a session's notifications; lets a test wait for one.</summary>
public sealed class RecordingObserver : ISessionObserver
{
    private readonly Lock _lock = new();
    private readonly List<SessionNotification> _notifications = [];
    private readonly List<(Func<SessionNotification, bool> Match, TaskCompletionSource<SessionNotification> Done)> _waiters = [];

    public IReadOnlyList<SessionNotification> Notifications
    {
        get
        {
            lock (_lock)
            {
                return [.. _notifications];
            }
        }
    }

    public IReadOnlyList<T> Payloads<T>(string method)
        => [.. Notifications.Where(n => n.Method == method).Select(n => (T)n.Payload)];

    public void OnNotification(string sessionId, SessionNotification notification)
    {
        lock (_lock)
        {
            _notifications.Add(notification);
            foreach (var w in _waiters.Where(w => w.Match(notification)).ToList())
            {
                _waiters.Remove(w);
                w.Done.TrySetResult(notification);
            }
        }
    }

    /// <summary>The first notification (already received or coming) that matches; fails after <paramref name="timeout"/>.</summary>
    public Task<SessionNotification> WaitForAsync(Func<SessionNotification, bool> match, TimeSpan? timeout = null)
    {
        lock (_lock)
        {
            var found = _notifications.FirstOrDefault(match);
            if (found is not null)
            {
                return Task.FromResult(found);
            }

            var done = new TaskCompletionSource<SessionNotification>(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiters.Add((match, done));
            return done.Task.WaitAsync(timeout ?? TimeSpan.FromSeconds(10));
        }
    }

    public Task<SessionNotification> WaitForAsync(string method, TimeSpan? timeout = null) => WaitForAsync(n => n.Method == method, timeout);
}
