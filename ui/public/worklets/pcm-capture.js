// AudioWorklet: the microphone at the context's rate -> mono 16-bit PCM at `targetRate`, posted
// to the main thread in frames of `frameSamples` (20 ms at 16 kHz: 320 samples, 640 bytes).
// Decimation averages the input samples that fall into each output sample (a box filter).
class PcmCapture extends AudioWorkletProcessor {
  constructor(options) {
    super();
    const o = (options && options.processorOptions) || {};
    this.targetRate = o.targetRate || 16000;
    this.frameSamples = o.frameSamples || 320;
    this.step = sampleRate / this.targetRate;
    this.acc = 0;
    this.count = 0;
    this.t = 0;
    this.buf = new Int16Array(this.frameSamples);
    this.n = 0;
    this.running = true;
    this.port.onmessage = (e) => {
      if (e.data === "stop") this.running = false;
    };
  }

  process(inputs) {
    if (!this.running) return false;
    const input = inputs[0];
    if (!input || input.length === 0) return true;
    const channels = input.length;
    const len = input[0].length;
    for (let i = 0; i < len; i++) {
      let v = 0;
      for (let c = 0; c < channels; c++) v += input[c][i];
      this.acc += v / channels;
      this.count++;
      this.t += 1;
      if (this.t >= this.step) {
        this.t -= this.step;
        let s = this.acc / this.count;
        this.acc = 0;
        this.count = 0;
        s = Math.max(-1, Math.min(1, s));
        this.buf[this.n++] = s < 0 ? s * 0x8000 : s * 0x7fff;
        if (this.n === this.frameSamples) {
          this.port.postMessage(this.buf.buffer, [this.buf.buffer]);
          this.buf = new Int16Array(this.frameSamples);
          this.n = 0;
        }
      }
    }
    return true;
  }
}

registerProcessor("pcm-capture", PcmCapture);
