using System.Security.Cryptography;
using LiveTranscription.Grains.Audio.Opus;
using Microsoft.Win32.SafeHandles;

namespace LiveTranscription.Grains.Archive.Ogg;

/// <summary>
/// Streams a session into an Ogg Opus file (RFC 7845). Opus input is written packet for packet, as
/// received; pcm16 input is encoded here. The last page is rewritten in place after every chunk, so the
/// file is a valid Ogg Opus stream of every acknowledged packet even if the process dies (when the server
/// encodes, up to one partial 20 ms frame and the encoder's 6.5 ms look-ahead are still in memory). A page
/// closes once it holds <see cref="ArchiveOptions.PageDuration"/> of audio, which keeps container overhead
/// low (one 27-byte header per page plus one lacing byte per packet). Completion marks the last page
/// end-of-stream and, for encoded input, trims the encoder's padding with the final granule position.
/// An append either lands whole or not at all (pass-through: the page state is rolled back; encoding: the
/// encoder cannot be rolled back, so the writer refuses further audio), so a resent chunk is never doubled.
/// </summary>
internal sealed class OggOpusFileWriter : ISpooledArchiveWriter
{
    /// <summary>A TOC-only packet: 20 ms of silence (SILK wideband, no frame data), for a stream without audio.</summary>
    private static readonly byte[] SilentPacket = [0x48];

    private readonly SafeFileHandle _file;
    private readonly OpusPcmPacketizer? _encoder;
    private readonly OpusPacketSink _addPacket;
    private readonly uint _serial = (uint)RandomNumberGenerator.GetInt32(int.MaxValue);
    private readonly int _pagePackets;
    private readonly OggPage _page = new();
    private readonly OggPage _saved = new();
    private byte[] _buffer = new byte[4096];
    private long _pageOffset;
    private uint _pageSequence;
    private long _granule;
    private long _written;
    private bool _completed;
    private bool _flushed;
    private string? _fault;

    public OggOpusFileWriter(string path, string key, ArchiveRequest request, ArchiveOptions options)
    {
        var passthrough = request.Encoding == Abstractions.Sessions.AudioEncodings.Opus;
        Key = key;
        SpoolPath = path;
        _pagePackets = Math.Max(1, (int)(options.PageDuration / TimeSpan.FromMilliseconds(20)));
        _addPacket = AddPacket;
        System.IO.Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        _file = File.OpenHandle(path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.Read, FileOptions.None);
        try
        {
            _encoder = passthrough ? null : new OpusPcmPacketizer(request.SampleRate, options.OpusBitrate, options.OpusComplexity);
            PreSkip = _encoder?.PreSkip ?? OpusFormat.LibopusPreSkip;
            WriteHeaderPage(OpusHeaders.Head(PreSkip, request.SampleRate), OggPage.Flags.BeginOfStream);
            var source = passthrough
                ? "opus packets as received from the client"
                : $"pcm16 {request.SampleRate} Hz encoded by {OpusLibrary.TryGetVersion(out _)} at {options.OpusBitrate} bit/s";
            WriteHeaderPage(OpusHeaders.Tags("LiveTranscription", [new("SESSION_ID", request.SessionId), new("SOURCE", source)]), OggPage.Flags.None);
        }
        catch
        {
            _encoder?.Dispose();
            _file.Dispose();
            File.Delete(path);
            throw;
        }
    }

    public string Key { get; }

    /// <summary>Samples at 48 kHz the decoder discards at the start.</summary>
    public int PreSkip { get; }

    public long AudioBytes => _written;

    public string SpoolPath { get; }

    /// <summary>Everything before the open (last) page: pages there are final.</summary>
    public long StableBytes => _completed ? _written : _pageOffset;

    public TimeSpan Duration { get; private set; }

    public ValueTask AppendAsync(ArchiveChunk chunk, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_completed, this);
        if (_fault is not null)
        {
            throw new IOException($"The archive {Key} failed earlier ({_fault}) and takes no more audio.");
        }

        if (chunk.OpusPackets is { } packets)
        {
            AppendPackets(chunk.Data.Span, packets);
        }
        else
        {
            AppendPcm(Audio.Pcm16.AsSamples(chunk.Data.Span));
        }

        return ValueTask.CompletedTask;
    }

    public Task<ArchiveResult> CompleteAsync(CancellationToken cancellationToken)
    {
        if (!_completed && _fault is not null)
        {
            Close();
            throw new IOException($"The archive {Key} failed earlier ({_fault}); it holds the audio up to that point.");
        }

        if (!_completed)
        {
            if (_encoder is not null && !_flushed)
            {
                _flushed = true;
                _encoder.Flush(_addPacket);
            }

            var end = _encoder is null ? _granule : PreSkip + _encoder.InputSamples48k;
            if (_page.IsEmpty)
            {
                // No audio at all: players need one audio page, so the stream ends with 20 ms of silence trimmed away.
                AddPacket(SilentPacket);
                end = PreSkip;
            }

            RewriteOpenPage(OggPage.Flags.EndOfStream, end);
            RandomAccess.FlushToDisk(_file);
            Close();
            Duration = TimeSpan.FromSeconds(Math.Max(0, end - PreSkip) / (double)OpusFormat.GranuleRate);
        }

        return Task.FromResult(new ArchiveResult(Key, _written, Duration));
    }

    private void AppendPackets(ReadOnlySpan<byte> data, IReadOnlyList<Range> packets)
    {
        _page.CopyTo(_saved);
        var (granule, offset, sequence, written) = (_granule, _pageOffset, _pageSequence, _written);
        try
        {
            foreach (var range in packets)
            {
                AddPacket(data[range]);
            }

            RewriteOpenPage(OggPage.Flags.None, _granule);
        }
        catch
        {
            // Nothing of the chunk counts: pages written for it are cut off, so no stale page can follow.
            _saved.CopyTo(_page);
            (_granule, _pageOffset, _pageSequence, _written) = (granule, offset, sequence, written);
            try
            {
                RandomAccess.SetLength(_file, written);
            }
            catch (IOException ex)
            {
                _fault = ex.Message;
            }

            throw;
        }
    }

    private void AppendPcm(ReadOnlySpan<short> pcm)
    {
        try
        {
            _encoder!.Push(pcm, _addPacket);
            RewriteOpenPage(OggPage.Flags.None, _granule);
        }
        catch (Exception ex)
        {
            _fault = ex.Message; // the encoder has consumed the chunk: a resend would double it
            throw;
        }
    }

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

    /// <summary>Each header packet alone on its own page, granule 0 (RFC 7845 section 3).</summary>
    private void WriteHeaderPage(byte[] packet, OggPage.Flags flags)
    {
        var page = new OggPage();
        page.Add(packet);
        var bytes = new byte[page.SerializedLength];
        page.Serialize(bytes, flags, 0, _serial, _pageSequence++);
        RandomAccess.Write(_file, bytes, _pageOffset);
        _pageOffset += bytes.Length;
        _written = _pageOffset;
    }

    private void Close()
    {
        _completed = true;
        _file.Dispose();
        _encoder?.Dispose();
    }

    /// <summary>
    /// Without completion (the session could not finish normally) the file stays as written: valid up to the
    /// last appended chunk, without the end-of-stream flag. A file without any audio gets its silent end page,
    /// so every archive object opens in players.
    /// </summary>
    public ValueTask DisposeAsync()
    {
        if (!_completed)
        {
            try
            {
                if (_page.IsEmpty && _fault is null)
                {
                    AddPacket(SilentPacket);
                    RewriteOpenPage(OggPage.Flags.EndOfStream, PreSkip);
                }
            }
            finally
            {
                Close();
            }
        }

        return ValueTask.CompletedTask;
    }
}
