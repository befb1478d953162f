/** Runs a command and returns its stdout; a failure throws with everything it printed. */
import { spawnSync } from 'node:child_process';

export function run(command: string, args: string[], options: { cwd?: string; input?: Buffer | string; allowFailure?: boolean } = {}): string {
  const result = spawnSync(command, args, { cwd: options.cwd, input: options.input, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (result.error) throw result.error;
  if (result.status !== 0 && !options.allowFailure) throw new Error(`${command} ${args.join(' ')} failed (${result.status}):\n${result.stdout}${result.stderr}`);
  return `${result.stdout}${result.stderr}`;
}

export function runStatus(command: string, args: string[], options: { cwd?: string } = {}): { status: number | null; output: string } {
  const result = spawnSync(command, args, { cwd: options.cwd, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (result.error) throw result.error;
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}
