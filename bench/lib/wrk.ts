import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface WrkOptions {
  threads: number;
  connections: number;
  seconds: number;
  /** A Lua script (wrk -s), e.g. from `postScript`. */
  script?: string;
  /** Extra environment for the script (os.getenv). */
  env?: NodeJS.ProcessEnv;
}

export interface WrkResult {
  requestsPerSecond: number;
  requests: number;
  non2xx: number;
  socketErrors: { connect: number; read: number; write: number; timeout: number };
  latency: { p50?: string; p99?: string };
  command: string;
}

/** The wrk command line for these options (for notes). */
export function wrkCommand(url: string, o: WrkOptions): string {
  return ['wrk', `-t${o.threads}`, `-c${o.connections}`, `-d${o.seconds}s`, '--latency', ...(o.script ? ['-s', path.basename(o.script)] : []), url].join(' ');
}

/**
 * Runs wrk against `url` and parses what it prints. Asynchronous on purpose: a server in this process
 * (the node:http floor) must keep answering while wrk runs. Every answer must be 2xx, and socket
 * errors must stay under 1% of the requests, or the figure is refused.
 */
export async function wrk(url: string, options: WrkOptions): Promise<WrkResult> {
  const args = [`-t${options.threads}`, `-c${options.connections}`, `-d${options.seconds}s`, '--latency', ...(options.script ? ['-s', options.script] : []), url];
  const { stdout } = await run('wrk', args, { env: { ...process.env, ...options.env }, timeout: (options.seconds + 60) * 1000, maxBuffer: 1 << 20 });
  const rate = /Requests\/sec:\s+([\d.]+)/.exec(stdout);
  if (!rate) throw new Error(`wrk printed no Requests/sec:\n${stdout}`);
  const requests = Number(/(\d+) requests in/.exec(stdout)?.[1] ?? 0);
  const non2xx = Number(/Non-2xx or 3xx responses:\s+(\d+)/.exec(stdout)?.[1] ?? 0);
  const errors = /Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/.exec(stdout);
  const socketErrors = { connect: Number(errors?.[1] ?? 0), read: Number(errors?.[2] ?? 0), write: Number(errors?.[3] ?? 0), timeout: Number(errors?.[4] ?? 0) };
  if (non2xx > 0) throw new Error(`${non2xx} of ${requests} answers from ${url} were not 2xx:\n${stdout}`);
  const failed = socketErrors.connect + socketErrors.read + socketErrors.write + socketErrors.timeout;
  if (failed > requests / 100) throw new Error(`wrk saw ${failed} socket errors for ${requests} requests to ${url}:\n${stdout}`);
  return {
    requestsPerSecond: Number(rate[1]),
    requests,
    non2xx,
    socketErrors,
    latency: { p50: /^\s+50%\s+(\S+)/m.exec(stdout)?.[1], p99: /^\s+99%\s+(\S+)/m.exec(stdout)?.[1] },
    command: wrkCommand(url, options),
  };
}

/** A wrk Lua script that POSTs the bytes of the file named by $WRK_BODY_FILE with this content type. */
export function postScript(dir: string, contentType: string): string {
  const file = path.join(dir, 'post-body.lua');
  fs.writeFileSync(
    file,
    [
      'local f = assert(io.open(os.getenv("WRK_BODY_FILE"), "rb"))',
      'wrk.method = "POST"',
      'wrk.body = f:read("*all")',
      'f:close()',
      `wrk.headers["Content-Type"] = "${contentType}"`,
      '',
    ].join('\n'),
  );
  return file;
}
