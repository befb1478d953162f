import { fork, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import type { Logger } from '@theqa/http-shell';

const START_TIMEOUT_MS = 120_000;
const STOP_TIMEOUT_MS = 10_000;
const RESTART_DELAY_MS = 1_000;

export interface OcspResponderProcess {
  url: string;
  stop(): Promise<void>;
}

/**
 * Runs the dedicated OCSP responder (ocsp-responder-main.ts) in a child process and keeps it running:
 * restarted a second after an unexpected exit, stopped with the platform. In a process of its own it
 * answers about twice as many requests per second as it would inside the platform's process, where the
 * web framework's async context tracking and the embedded database's queries share its event loop.
 */
export async function forkOcspResponder(options: { port: number; host: string; env: NodeJS.ProcessEnv; logger: Logger }): Promise<OcspResponderProcess> {
  const log = options.logger.child({ component: 'ocsp-process' });
  const env = { ...options.env, OCSP_PORT: String(options.port), OCSP_HOST: options.host };
  let stopping = false;
  let child = await start(env);
  let url = child.url;

  const supervise = (running: ChildProcess) => {
    running.once('exit', (code, signal) => {
      if (stopping) return;
      log.error({ code, signal }, 'the OCSP responder process exited; restarting it');
      setTimeout(() => {
        if (stopping) return;
        start(env)
          .then((restarted) => {
            child = restarted;
            url = restarted.url;
            if (stopping) void stopChild(restarted.process);
            else supervise(restarted.process);
          })
          .catch((error: unknown) => {
            log.error({ err: error }, 'the OCSP responder process could not be restarted');
            if (!stopping) supervise(running); // try again on the same schedule
          });
      }, RESTART_DELAY_MS).unref();
    });
  };
  supervise(child.process);

  return {
    get url() {
      return url;
    },
    async stop() {
      stopping = true;
      await stopChild(child.process);
    },
  };
}

/** Forks the responder and waits for it to listen (or to say why it cannot). */
function start(env: NodeJS.ProcessEnv): Promise<{ process: ChildProcess; url: string }> {
  // From sources (tools/run-ts.cjs) the entry is TypeScript and needs the same loader; built, it is plain JS.
  const typescript = __filename.endsWith('.ts');
  const entry = path.join(__dirname, `ocsp-responder-main${typescript ? '.ts' : '.js'}`);
  const child = typescript ? fork(path.resolve(__dirname, '../../../tools/run-ts.cjs'), [entry], { env }) : fork(entry, [], { env });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => fail(new Error('the OCSP responder did not start in time')), START_TIMEOUT_MS);
    const onMessage = (message: { ready?: string; failed?: string }) => {
      if (message?.ready) {
        cleanup();
        resolve({ process: child, url: message.ready });
      } else if (message?.failed) fail(new Error(`the OCSP responder could not start: ${message.failed}`));
    };
    const onExit = (code: number | null) => fail(new Error(`the OCSP responder exited during start (code ${code})`));
    function cleanup() {
      clearTimeout(timer);
      child.off('message', onMessage);
      child.off('exit', onExit);
    }
    function fail(error: Error) {
      cleanup();
      void stopChild(child);
      reject(error);
    }
    child.on('message', onMessage);
    child.once('exit', onExit);
  });
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const killer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
    child.once('exit', () => {
      clearTimeout(killer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}
