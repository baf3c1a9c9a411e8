// AudioWorklet: microphone frames (Float32 at the context's rate) -> 16-bit PCM chunks at the
// session rate. The page creates the AudioContext at the session rate when the browser allows it
// (Chromium does); otherwise this resamples (box-filtered decimation, a fallback).

class PcmCaptureProcessor extends AudioWorkletProcessor {
  constructor(options) {
    super();
    const { targetRate, chunkMs } = options.processorOptions;
    this.step = sampleRate / targetRate;       // input samples per output sample
    this.chunkSamples = Math.round(targetRate * chunkMs / 1000);
    this.minSamples = Math.ceil(targetRate * 0.02); // the protocol's 20 ms minimum
    this.out = new Int16Array(this.chunkSamples);
    this.n = 0;
    this.acc = 0;
    this.accCount = 0;
    this.phase = 0;
    this.port.onmessage = (e) => { if (e.data === 'flush') this.flush(); };
  }

  process(inputs) {
    const input = inputs[0] && inputs[0][0];
    if (!input) return true;
    if (this.step === 1) {
      for (let i = 0; i < input.length; i++) this.push(input[i]);
    } else {
      for (let i = 0; i < input.length; i++) {
        this.acc += input[i];
        this.accCount++;
        this.phase += 1;
        if (this.phase >= this.step) {
          this.phase -= this.step;
          this.push(this.acc / this.accCount);
          this.acc = 0;
          this.accCount = 0;
        }
      }
    }
    return true;
  }

  push(x) {
    const s = Math.max(-1, Math.min(1, x));
    this.out[this.n++] = s < 0 ? s * 0x8000 : s * 0x7fff;
    if (this.n === this.chunkSamples) this.emit(this.out);
  }

  flush() {
    if (this.n > 0) {
      const len = Math.max(this.n, this.minSamples); // pad the last chunk with silence to 20 ms
      const last = new Int16Array(len);
      last.set(this.out.subarray(0, this.n));
      this.emit(last);
    }
    this.port.postMessage({ flushed: true });
  }

  emit(samples) {
    this.port.postMessage({ pcm: samples }, [samples.buffer]);
    this.out = new Int16Array(this.chunkSamples);
    this.n = 0;
  }
}

registerProcessor('pcm-capture', PcmCaptureProcessor);
