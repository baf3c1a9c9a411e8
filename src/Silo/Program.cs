using LiveTranscription.Silo;
using Microsoft.AspNetCore.Builder;

// A cluster silo process: configuration from environment variables and the command line (docs/operations.md).
var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
builder.AddClusterSilo();

var app = builder.Build();
app.MapClusterSilo();
app.Run();
