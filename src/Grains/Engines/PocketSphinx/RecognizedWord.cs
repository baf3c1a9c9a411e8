namespace LiveTranscription.Grains.Engines.PocketSphinx;

/// <summary>A word of a hypothesis with its stream-wide frame span (100 frames per second) and posterior.</summary>
internal readonly record struct RecognizedWord(string Word, int StartFrame, int EndFrame, double Posterior);
