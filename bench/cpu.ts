import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import type { PhaseWatcher } from './runner';

/**
 * CPU time of the bench's processes (bench client, server, DynamoDB Local) while one side of a workload runs, to
 * show where a request's time goes, and of everything else on the machine: on a shared 2-core machine another
 * process's work would skew the numbers, and the report says so.
 */

const TICKS_PER_SECOND = Number(spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).stdout.trim()) || 100;

function processTicks(pid: number): number {
  try {
    // After the command name (which may hold spaces and parentheses): utime and stime are the 12th and 13th fields.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(') ') + 2).split(' ');
    return Number(fields[11]) + Number(fields[12]);
  } catch {
    return 0;
  }
}

function machineTicks(): { busy: number; total: number } {
  try {
    const cpu = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
    const total = cpu.reduce((a, b) => a + b, 0);
    return { busy: total - cpu[3] - (cpu[4] ?? 0), total };
  } catch {
    return { busy: 0, total: 0 }; // not Linux
  }
}

/** Accumulates CPU time per watched process, and the machine's, over every start()..stop() interval. */
export class CpuMeter implements PhaseWatcher {
  private readonly ticks: Record<string, number>;
  private machine = { busy: 0, total: 0 };
  private open: { procs: Record<string, number>; machine: { busy: number; total: number } } | null = null;

  constructor(private readonly pids: Record<string, number>) {
    this.ticks = Object.fromEntries(Object.keys(pids).map((name) => [name, 0]));
  }

  private read(): Record<string, number> {
    return Object.fromEntries(Object.entries(this.pids).map(([name, pid]) => [name, processTicks(pid)]));
  }

  start(): void {
    this.open = { procs: this.read(), machine: machineTicks() };
  }

  stop(): void {
    if (!this.open) return;
    const procs = this.read();
    const machine = machineTicks();
    for (const name of Object.keys(this.pids)) this.ticks[name] += procs[name] - this.open.procs[name];
    this.machine.busy += machine.busy - this.open.machine.busy;
    this.machine.total += machine.total - this.open.machine.total;
    this.open = null;
  }

  /** CPU milliseconds per process, divided by `requests`. */
  perRequestMs(requests: number): Record<string, number> {
    return Object.fromEntries(
      Object.entries(this.ticks).map(([name, t]) => [name, ((t / TICKS_PER_SECOND) * 1000) / Math.max(1, requests)]),
    );
  }

  /** Share (0..1) of the machine's CPU time that other processes used; null when unknown. */
  foreignShare(): number | null {
    if (!this.machine.total) return null;
    const ours = Object.values(this.ticks).reduce((a, b) => a + b, 0);
    return Math.max(0, this.machine.busy - ours) / this.machine.total;
  }
}
