// AudioWorklet: plays 16-bit PCM chunks (ArrayBuffers at `srcRate`) posted by the main thread,
// resampled to the context's rate by linear interpolation. Marks posted between chunks
// ({mark: name}) are posted back when playback reaches them, so the server learns what was
// heard. "clear" drops everything queued (the caller barged in). Playback starts once
// `prebufferMs` of audio is queued, and again after running dry, to ride out network jitter.
// Stats go to the main thread every few render quanta: chunks received, chunks played in full,
// output samples, and how often the queue ran dry (each pause of the agent counts).
class PcmPlayer extends AudioWorkletProcessor {
  constructor(options) {
    super();
    const o = (options && options.processorOptions) || {};
    this.srcRate = o.srcRate || 16000;
    this.prebuffer = Math.round(((o.prebufferMs || 100) * this.srcRate) / 1000);
    this.step = this.srcRate / sampleRate;
    this.queue = [];
    this.queuedSamples = 0;
    this.cur = null;
    this.pos = 0;
    this.primed = false;
    this.stats = { framesIn: 0, framesPlayed: 0, samplesOut: 0, underruns: 0, cleared: 0 };
    this.quanta = 0;
    this.port.onmessage = (e) => {
      const d = e.data;
      if (d instanceof ArrayBuffer) {
        const pcm = new Int16Array(d);
        const f = new Float32Array(pcm.length);
        for (let i = 0; i < pcm.length; i++) f[i] = pcm[i] / 0x8000;
        this.queue.push({ samples: f });
        this.queuedSamples += f.length;
        this.stats.framesIn++;
      } else if (d && typeof d.mark === "string") {
        this.queue.push({ mark: d.mark });
      } else if (d === "clear") {
        this.queue = [];
        this.queuedSamples = 0;
        this.cur = null;
        this.pos = 0;
        this.primed = false;
        this.stats.cleared++;
        this.report();
      }
    };
  }

  report() {
    this.port.postMessage({ type: "stats", ...this.stats, queued: this.queuedSamples });
  }

  // The next audio chunk, posting any marks passed on the way; null when the queue is empty.
  next() {
    while (this.queue.length > 0) {
      const item = this.queue.shift();
      if (item.mark !== undefined) {
        this.port.postMessage({ type: "mark", name: item.mark });
        continue;
      }
      return item.samples;
    }
    return null;
  }

  process(_inputs, outputs) {
    const out = outputs[0][0];
    if (!out) return true;
    if (!this.primed && (this.queuedSamples >= this.prebuffer || (this.cur === null && this.queue.length > 0 && this.queue.every((x) => x.mark !== undefined)))) {
      this.primed = true;
    }
    let i = 0;
    if (this.primed) {
      for (; i < out.length; i++) {
        if (this.cur === null || this.pos >= this.cur.length) {
          if (this.cur !== null) {
            this.stats.framesPlayed++;
            this.pos -= this.cur.length;
          }
          this.cur = this.next();
          if (this.cur === null) {
            this.pos = 0;
            this.stats.underruns++;
            this.primed = false;
            break;
          }
        }
        const k = Math.floor(this.pos);
        const frac = this.pos - k;
        const a = this.cur[k];
        const b = k + 1 < this.cur.length ? this.cur[k + 1] : a;
        out[i] = a + (b - a) * frac;
        this.pos += this.step;
        this.queuedSamples = Math.max(0, this.queuedSamples - this.step);
        this.stats.samplesOut++;
      }
    }
    for (; i < out.length; i++) out[i] = 0;
    for (let c = 1; c < outputs[0].length; c++) outputs[0][c].set(out);
    if (++this.quanta % 8 === 0) this.report();
    return true;
  }
}

registerProcessor("pcm-player", PcmPlayer);
