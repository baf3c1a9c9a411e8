using LiveTranscription.Gateway.Sessions;
using LiveTranscription.Grains.Abstractions.Protocol;
using LiveTranscription.Grains.Abstractions.Sessions;
using Microsoft.Extensions.Options;

namespace LiveTranscription.Gateway.Tests.Sessions;

public sealed class StartRequestValidatorTests
{
    private static readonly ClientRef Caller = new("gw", "c", "u");
    private readonly StartRequestValidator _validator = new(Options.Create(new LiveTranscription.Grains.Sessions.SessionOptions()));

    [Fact]
    public void Defaults_AreMedium16kPcm16EnUs_WithANewId()
    {
        var (id, command) = _validator.Validate(null, Caller);
        Assert.NotNull(SessionIds.Normalize(id));
        Assert.Equal(("medium", 16000, "pcm16", "en-US", (string?)null), (command.Quality, command.SampleRate, command.Encoding, command.LanguageCode, command.Engine));
    }

    [Theory]
    [InlineData("low", 8000)]
    [InlineData("HIGH", 48000)]
    public void Quality_MapsToTheSampleRate(string quality, int rate)
        => Assert.Equal(rate, _validator.Validate(new StartSessionRequest { Quality = quality }, Caller).Command.SampleRate);

    [Theory]
    [InlineData("medium", 16000)]
    [InlineData("high", 48000)]
    public void Opus_IsAccepted_At16And48kHz(string quality, int rate)
    {
        var command = _validator.Validate(new StartSessionRequest { Quality = quality, Encoding = "OPUS" }, Caller).Command;
        Assert.Equal(("opus", rate), (command.Encoding, command.SampleRate));
    }

    [Fact]
    public void SessionIds_AreNormalized()
    {
        var upper = Guid.NewGuid().ToString("D").ToUpperInvariant();
        Assert.Equal(upper.ToLowerInvariant(), _validator.Validate(new StartSessionRequest { SessionId = upper }, Caller).SessionId);
    }

    [Theory]
    [InlineData("not-a-uuid", null, null, null, ErrorCode.InvalidRequest)]
    [InlineData(null, "ultra", null, null, ErrorCode.InvalidAudioFormat)]
    [InlineData(null, null, "flac", null, ErrorCode.InvalidAudioFormat)]
    [InlineData(null, "low", "opus", null, ErrorCode.InvalidAudioFormat)]
    [InlineData(null, null, null, "en US; drop", ErrorCode.InvalidRequest)]
    public void BadFields_GetClearErrors(string? id, string? quality, string? encoding, string? language, ErrorCode code)
    {
        var ex = Assert.Throws<SessionException>(() => _validator.Validate(
            new StartSessionRequest { SessionId = id, Quality = quality, Encoding = encoding, LanguageCode = language }, Caller));
        Assert.Equal(code, ex.Code);
    }
}
