// Microphone capture: getUserMedia -> AudioContext (at the session rate when possible) -> worklet
// -> onChunk(Int16Array) every chunkMs.

export class AudioCapture {
  constructor(sampleRate, chunkMs, onChunk) {
    this.sampleRate = sampleRate;
    this.chunkMs = chunkMs;
    this.onChunk = onChunk;
  }

  async start() {
    if (!navigator.mediaDevices || !window.AudioWorkletNode) {
      throw new Error('this page needs microphone access, which browsers only give on https:// or http://localhost');
    }
    this.stream = await navigator.mediaDevices.getUserMedia({
      audio: { channelCount: 1, echoCancellation: false, noiseSuppression: false, autoGainControl: false },
    });
    try {
      this.context = new AudioContext({ sampleRate: this.sampleRate });
    } catch {
      this.context = new AudioContext(); // the worklet resamples
    }
    await this.context.audioWorklet.addModule('js/pcm-worklet.js');
    this.source = this.context.createMediaStreamSource(this.stream);
    this.node = new AudioWorkletNode(this.context, 'pcm-capture', {
      processorOptions: { targetRate: this.sampleRate, chunkMs: this.chunkMs },
    });
    this.node.port.onmessage = (e) => {
      if (e.data.pcm) this.onChunk(e.data.pcm);
      if (e.data.flushed && this.flushed) this.flushed();
    };
    this.source.connect(this.node);
    // Not connected to the destination: nothing is played back.
    return { contextRate: this.context.sampleRate };
  }

  setPaused(paused) {
    if (!this.context) return;
    return paused ? this.context.suspend() : this.context.resume();
  }

  // Stops the microphone and delivers the last partial chunk.
  async stop() {
    if (!this.node) return;
    const done = new Promise((resolve) => { this.flushed = resolve; });
    this.source.disconnect();
    this.node.port.postMessage('flush');
    await Promise.race([done, new Promise((r) => setTimeout(r, 500))]);
    this.stream.getTracks().forEach((t) => t.stop());
    await this.context.close();
    this.node = null;
  }
}
