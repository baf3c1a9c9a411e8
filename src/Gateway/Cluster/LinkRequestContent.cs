using System.Net;
using System.Threading.Channels;
using LiveTranscription.Cluster.Link;
using LiveTranscription.Grains.Abstractions.Link;

namespace LiveTranscription.Gateway.Cluster;

/// <summary>The request body of a link stream: every queued up message, framed, flushed as soon as the queue is empty.</summary>
internal sealed class LinkRequestContent(ChannelReader<Up> messages) : HttpContent
{
    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken)
    {
        await foreach (var up in messages.ReadAllAsync(cancellationToken).ConfigureAwait(false))
        {
            await stream.WriteAsync(GrpcFrames.Encode(up), cancellationToken).ConfigureAwait(false);
            if (!messages.TryPeek(out _))
            {
                await stream.FlushAsync(cancellationToken).ConfigureAwait(false);
            }
        }
    }

    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) => SerializeToStreamAsync(stream, context, CancellationToken.None);

    protected override bool TryComputeLength(out long length)
    {
        length = -1;
        return false;
    }
}
