// A browser call with an agent over the web-call WebSocket (docs/web-call-protocol.md): the
// microphone goes out as 16 kHz PCM16 in 20 ms frames, the agent's audio comes back at 16 kHz
// and plays through an AudioWorklet, and the control messages (transcript, latency, marks,
// clear, end) are handed to the page. Must be started from a user gesture (the AudioContext).
import { ApiError, webCallTicket, type WebCallTicket } from "./api";

const RATE = 16000;

export type Speaker = "user" | "agent";

export interface TurnLatency {
  turn: number;
  stt_ms: number | null;
  llm_ms: number | null;
  tts_ms: number | null;
  total_ms: number | null;
}

export interface PlayerStats {
  framesIn: number;
  framesPlayed: number;
  samplesOut: number;
  underruns: number;
  cleared: number;
  queued: number;
}

export type VoiceEvent =
  | { type: "status"; status: "connecting" | "live" | "ended" }
  | { type: "ready"; callId: string }
  | { type: "transcript"; role: Speaker; text: string; final: boolean; turn: number }
  | { type: "latency"; latency: TurnLatency }
  | { type: "clear" }
  | { type: "end"; reason: string; transferTo?: string }
  | { type: "error"; code: string; message: string }
  | { type: "stats"; player: PlayerStats; micFrames: number; micLevel: number };

export interface VoiceCallOptions {
  agentId: string;
  echoCancellation: boolean;
  onEvent: (e: VoiceEvent) => void;
}

/** One call. `start()` once; `stop()` hangs up; `dispose()` releases everything. */
export class VoiceCall {
  private ctx: AudioContext | null = null;
  private stream: MediaStream | null = null;
  private ws: WebSocket | null = null;
  private capture: AudioWorkletNode | null = null;
  private player: AudioWorkletNode | null = null;
  private analyser: AnalyserNode | null = null;
  private micFrames = 0;
  private playerStats: PlayerStats = { framesIn: 0, framesPlayed: 0, samplesOut: 0, underruns: 0, cleared: 0, queued: 0 };
  private ended = false;
  private stopTimer: number | undefined;

  constructor(private readonly options: VoiceCallOptions) {}

  private emit(e: VoiceEvent) {
    this.options.onEvent(e);
  }

  async start(): Promise<void> {
    this.emit({ type: "status", status: "connecting" });
    // The AudioContext first, while the click's user activation holds.
    const ctx = new AudioContext({ latencyHint: "interactive" });
    this.ctx = ctx;
    await ctx.resume();
    // The ticket next, checked: a call the server would refuse is refused here with the reason
    // (a refused WebSocket upgrade tells the page nothing), before the microphone is asked for.
    let ticket: WebCallTicket;
    try {
      ticket = await webCallTicket(this.options.agentId, { check: true });
    } catch (e) {
      if (e instanceof ApiError && e.status === 422) {
        throw new ApiError(422, `The server refused the call: ${e.message}`, e.problem);
      }
      throw e;
    }
    await ctx.audioWorklet.addModule("/worklets/pcm-capture.js");
    await ctx.audioWorklet.addModule("/worklets/pcm-player.js");
    const ec = this.options.echoCancellation;
    this.stream = await navigator.mediaDevices.getUserMedia({
      audio: { channelCount: 1, echoCancellation: ec, noiseSuppression: ec, autoGainControl: ec },
    });

    const player = new AudioWorkletNode(ctx, "pcm-player", {
      numberOfInputs: 0,
      numberOfOutputs: 1,
      outputChannelCount: [1],
      processorOptions: { srcRate: RATE, prebufferMs: 100 },
    });
    player.port.onmessage = (e: MessageEvent) => this.onPlayer(e.data);
    player.connect(ctx.destination);
    this.player = player;

    const capture = new AudioWorkletNode(ctx, "pcm-capture", {
      numberOfInputs: 1,
      numberOfOutputs: 0,
      channelCount: 1,
      channelCountMode: "explicit",
      processorOptions: { targetRate: RATE, frameSamples: RATE / 50 },
    });
    capture.port.onmessage = (e: MessageEvent<ArrayBuffer>) => {
      if (this.ws?.readyState === WebSocket.OPEN && !this.ended) {
        this.ws.send(e.data);
        this.micFrames++;
      }
    };
    const source = ctx.createMediaStreamSource(this.stream);
    source.connect(capture);
    this.analyser = ctx.createAnalyser();
    this.analyser.fftSize = 512;
    source.connect(this.analyser);
    this.capture = capture;

    const scheme = window.location.protocol === "https:" ? "wss" : "ws";
    const ws = new WebSocket(`${scheme}://${window.location.host}${ticket.url}`);
    ws.binaryType = "arraybuffer";
    this.ws = ws;
    await new Promise<void>((resolve, reject) => {
      ws.onopen = () => resolve();
      // A refused upgrade reaches the page only as an error event, without the server's reason
      // (the checked ticket has ruled out the usual ones: providers, keys, knowledge bases).
      ws.onerror = () =>
        reject(
          new Error(
            "The server refused the call. Check that the agent's providers can run on this server and that their keys are stored under Provider keys.",
          ),
        );
    });
    ws.onerror = null;
    ws.onmessage = (m) => this.onMessage(m);
    ws.onclose = (c) => this.onClose(c);
    ws.send(JSON.stringify({ type: "start", sample_rate: RATE, output_sample_rate: RATE }));
    this.emit({ type: "status", status: "live" });
  }

  /** Hang up: the server ends the call and closes the socket. */
  stop(): void {
    if (this.ended) return;
    if (this.ws?.readyState === WebSocket.OPEN) {
      this.ws.send(JSON.stringify({ type: "stop" }));
      // Should the server not close the socket, close it from here.
      this.stopTimer = window.setTimeout(() => this.ws?.close(1000, "caller-hangup"), 3000);
    } else {
      this.finish();
    }
  }

  dispose(): void {
    this.finish();
    this.ws?.close();
  }

  private onMessage(m: MessageEvent) {
    if (m.data instanceof ArrayBuffer) {
      this.player?.port.postMessage(m.data, [m.data]);
      return;
    }
    let msg: Record<string, unknown>;
    try {
      msg = JSON.parse(String(m.data)) as Record<string, unknown>;
    } catch {
      return;
    }
    switch (msg.type) {
      case "ready":
        this.emit({ type: "ready", callId: String(msg.call_id ?? "") });
        break;
      case "transcript":
        this.emit({
          type: "transcript",
          role: msg.role === "agent" ? "agent" : "user",
          text: String(msg.text ?? ""),
          final: msg.final === true,
          turn: Number(msg.turn ?? 0),
        });
        break;
      case "latency":
        this.emit({
          type: "latency",
          latency: {
            turn: Number(msg.turn ?? 0),
            stt_ms: numOrNull(msg.stt_ms),
            llm_ms: numOrNull(msg.llm_ms),
            tts_ms: numOrNull(msg.tts_ms),
            total_ms: numOrNull(msg.total_ms),
          },
        });
        break;
      case "mark":
        this.player?.port.postMessage({ mark: String(msg.name ?? "") });
        break;
      case "clear":
        this.player?.port.postMessage("clear");
        this.emit({ type: "clear" });
        break;
      case "end":
        this.emit({
          type: "end",
          reason: String(msg.reason ?? ""),
          transferTo: typeof msg.transfer_to === "string" ? msg.transfer_to : undefined,
        });
        break;
      case "error":
        this.emit({ type: "error", code: String(msg.code ?? ""), message: String(msg.message ?? "") });
        break;
    }
  }

  private onPlayer(data: { type: string; name?: string } & Partial<PlayerStats>) {
    if (data.type === "mark" && data.name !== undefined) {
      if (this.ws?.readyState === WebSocket.OPEN) this.ws.send(JSON.stringify({ type: "played", mark: data.name }));
    } else if (data.type === "stats") {
      this.playerStats = {
        framesIn: data.framesIn ?? 0,
        framesPlayed: data.framesPlayed ?? 0,
        samplesOut: data.samplesOut ?? 0,
        underruns: data.underruns ?? 0,
        cleared: data.cleared ?? 0,
        queued: data.queued ?? 0,
      };
      this.emit({ type: "stats", player: this.playerStats, micFrames: this.micFrames, micLevel: this.level() });
    }
  }

  private level(): number {
    if (!this.analyser) return 0;
    const buf = new Float32Array(this.analyser.fftSize);
    this.analyser.getFloatTimeDomainData(buf);
    let sum = 0;
    for (const v of buf) sum += v * v;
    return Math.sqrt(sum / buf.length);
  }

  private onClose(c: CloseEvent) {
    if (!this.ended && c.code !== 1000) {
      this.emit({ type: "error", code: "closed", message: `The connection closed (${c.code}${c.reason ? `: ${c.reason}` : ""}).` });
    }
    this.finish();
  }

  private finish() {
    if (this.ended) return;
    this.ended = true;
    window.clearTimeout(this.stopTimer);
    this.capture?.port.postMessage("stop");
    this.capture?.disconnect();
    this.stream?.getTracks().forEach((t) => t.stop());
    // Let the agent's last words play out before the audio graph goes away.
    const ctx = this.ctx;
    window.setTimeout(() => void ctx?.close(), 1500);
    this.emit({ type: "status", status: "ended" });
  }
}

function numOrNull(v: unknown): number | null {
  return typeof v === "number" && Number.isFinite(v) ? v : null;
}
