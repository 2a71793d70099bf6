import { spawn, type ChildProcess } from 'node:child_process';

/** A child process the tests started, with everything it printed. */
export interface Started {
  child: ChildProcess;
  output(): string;
  /** SIGTERM (or `signal`), then SIGKILL after `graceMs`; resolves once it has exited. */
  stop(signal?: NodeJS.Signals, graceMs?: number): Promise<void>;
}

function exited(child: ChildProcess): Promise<void> {
  return child.exitCode !== null || child.signalCode !== null ? Promise.resolve() : new Promise((r) => child.once('exit', () => r()));
}

/** Starts `command` and resolves once its output contains `ready`; fails with the output if it exits or takes too long. */
export async function startProcess(
  command: string,
  args: string[],
  env: NodeJS.ProcessEnv,
  ready: string,
  timeoutMs = 60_000,
): Promise<Started> {
  const child = spawn(command, args, { env });
  let output = '';
  child.stdout?.on('data', (d) => (output += d));
  child.stderr?.on('data', (d) => (output += d));
  const started: Started = {
    child,
    output: () => output,
    async stop(signal = 'SIGTERM', graceMs = 10_000) {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill(signal);
      const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
      await exited(child);
      clearTimeout(timer);
    },
  };
  for (const deadline = Date.now() + timeoutMs; !output.includes(ready); await new Promise((r) => setTimeout(r, 50))) {
    if (child.exitCode !== null || Date.now() > deadline) {
      await started.stop('SIGKILL');
      throw new Error(`${command} did not start:\n${output}`);
    }
  }
  return started;
}
