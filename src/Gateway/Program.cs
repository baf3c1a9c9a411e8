using LiveTranscription.Gateway.Hosting;

// Content root = the build output, which carries wwwroot and appsettings, so the process runs from any directory.
var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
builder.AddLiveTranscription();

var app = builder.Build();
app.MapGateway();
app.Run();

/// <summary>Entry point; public for test hosts.</summary>
public partial class Program;
