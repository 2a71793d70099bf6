import type { PhaseWatcher } from './runner';

/** Samples a process's RSS while a phase runs, keeping the peak (W1's memory target). */
export class RssSampler implements PhaseWatcher {
  peakBytes = 0;
  samples = 0;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly read: () => number,
    private readonly everyMs = 50,
  ) {}

  start(): void {
    this.sample();
    this.timer = setInterval(() => this.sample(), this.everyMs);
  }

  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
    this.sample();
  }

  private sample(): void {
    this.peakBytes = Math.max(this.peakBytes, this.read());
    this.samples++;
  }
}
