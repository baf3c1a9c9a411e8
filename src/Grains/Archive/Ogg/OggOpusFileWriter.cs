using System.Security.Cryptography;
using LiveTranscription.Grains.Audio.Opus;
using Microsoft.Win32.SafeHandles;

namespace LiveTranscription.Grains.Archive.Ogg;

/// <summary>
/// Streams a session into an Ogg Opus file (RFC 7845). Opus input is written packet for packet, as
/// received; pcm16 input is encoded here. The last page is rewritten in place after every chunk, so the
/// file is a valid Ogg Opus stream of everything acknowledged even if the process dies; a page closes
/// once it holds <see cref="ArchiveOptions.PageDuration"/> of audio, which keeps container overhead low
/// (one 27-byte header per second plus one lacing byte per packet). Completion marks the last page
/// end-of-stream and, for encoded input, trims the encoder's padding with the final granule position.
/// </summary>
internal sealed class OggOpusFileWriter : IAudioArchiveWriter
{
    private readonly SafeFileHandle _file;
    private readonly OpusPcmPacketizer? _encoder;
    private readonly OpusPacketSink _addPacket;
    private readonly uint _serial = (uint)RandomNumberGenerator.GetInt32(int.MaxValue);
    private readonly int _pagePackets;
    private readonly OggPage _page = new();
    private readonly long _tagsOffset;
    private readonly byte[] _tags;
    private byte[] _buffer = new byte[4096];
    private long _pageOffset;
    private uint _pageSequence;
    private long _granule;
    private long _written;
    private bool _completed;

    public OggOpusFileWriter(string path, string key, ArchiveRequest request, ArchiveOptions options)
    {
        var passthrough = request.Encoding == Abstractions.Sessions.AudioEncodings.Opus;
        if (!passthrough)
        {
            _encoder = new OpusPcmPacketizer(request.SampleRate, options.OpusBitrate, options.OpusComplexity);
        }

        PreSkip = _encoder?.PreSkip ?? OpusFormat.LibopusPreSkip;
        _pagePackets = Math.Max(1, (int)(options.PageDuration / TimeSpan.FromMilliseconds(20)));
        _addPacket = AddPacket;
        Key = key;
        System.IO.Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        _file = File.OpenHandle(path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.Read, FileOptions.None);

        var head = new OggPage();
        head.Add(OpusHeaders.Head(PreSkip, request.SampleRate));
        WritePage(head, OggPage.Flags.BeginOfStream, 0);
        var version = OpusLibrary.TryGetVersion(out _) ?? "libopus";
        _tags = OpusHeaders.Tags($"LiveTranscription ({version})", [
            new("SESSION_ID", request.SessionId),
            new("SOURCE", passthrough ? "opus packets from the client" : $"pcm16 {request.SampleRate} Hz encoded at {options.OpusBitrate} bit/s"),
        ]);
        _tagsOffset = _pageOffset;
        _page.Add(_tags);
        WritePage(_page, OggPage.Flags.None, 0);
        _page.Clear();
    }

    public string Key { get; }

    /// <summary>Samples at 48 kHz the decoder discards at the start.</summary>
    public int PreSkip { get; }

    public long AudioBytes => _written;

    public ValueTask AppendAsync(ArchiveChunk chunk, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_completed, this);
        if (chunk.OpusPackets is { } packets)
        {
            var data = chunk.Data.Span;
            foreach (var range in packets)
            {
                AddPacket(data[range]);
            }
        }
        else
        {
            _encoder!.Push(Audio.Pcm16.AsSamples(chunk.Data.Span), _addPacket);
        }

        RewriteOpenPage(OggPage.Flags.None, _granule);
        return ValueTask.CompletedTask;
    }

    public Task<ArchiveResult> CompleteAsync(CancellationToken cancellationToken)
    {
        if (!_completed)
        {
            _encoder?.Flush(_addPacket);
            var end = _encoder is null ? _granule : PreSkip + _encoder.InputSamples48k;
            if (_page.IsEmpty)
            {
                // No audio: the comment header's page ends the stream.
                _pageOffset = _tagsOffset;
                _pageSequence = 1;
                _page.Add(_tags);
                end = 0;
            }

            RewriteOpenPage(OggPage.Flags.EndOfStream, end);
            RandomAccess.FlushToDisk(_file);
            _completed = true;
            _file.Dispose();
            _encoder?.Dispose();
            Duration = TimeSpan.FromSeconds(Math.Max(0, end - PreSkip) / (double)OpusFormat.GranuleRate);
        }

        return Task.FromResult(new ArchiveResult(Key, _written, Duration));
    }

    public TimeSpan Duration { get; private set; }

    private void AddPacket(ReadOnlySpan<byte> packet)
    {
        if (!_page.IsEmpty && (_page.PacketCount >= _pagePackets || !_page.HasRoomFor(packet.Length)))
        {
            RewriteOpenPage(OggPage.Flags.None, _granule);
            _pageOffset += _page.SerializedLength;
            _pageSequence++;
            _page.Clear();
        }

        _page.Add(packet);
        _granule += OpusFormat.PacketSamples48k;
    }

    /// <summary>Writes the open (last) page at its offset; it only grows, so the new version covers the old.</summary>
    private void RewriteOpenPage(OggPage.Flags flags, long granule)
    {
        if (_page.IsEmpty)
        {
            return;
        }

        var length = _page.SerializedLength;
        if (_buffer.Length < length)
        {
            _buffer = new byte[Math.Max(length, _buffer.Length * 2)];
        }

        _page.Serialize(_buffer, flags, granule, _serial, _pageSequence);
        RandomAccess.Write(_file, _buffer.AsSpan(0, length), _pageOffset);
        _written = Math.Max(_written, _pageOffset + length);
    }

    private void WritePage(OggPage page, OggPage.Flags flags, long granule)
    {
        var bytes = new byte[page.SerializedLength];
        page.Serialize(bytes, flags, granule, _serial, _pageSequence++);
        RandomAccess.Write(_file, bytes, _pageOffset);
        _pageOffset += bytes.Length;
        _written = _pageOffset;
    }

    public ValueTask DisposeAsync()
    {
        if (!_completed)
        {
            _completed = true;
            _file.Dispose();
            _encoder?.Dispose();
        }

        return ValueTask.CompletedTask;
    }
}
