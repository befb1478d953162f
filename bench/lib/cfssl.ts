import { execFileSync, spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { freePort } from '@theqa/testing';

/** Whether CloudFlare's `cfssl` (Debian golang-cfssl) is installed. */
export function cfsslInstalled(): boolean {
  return spawnSync('sh', ['-c', 'command -v cfssl && command -v cfssljson'], { stdio: 'ignore' }).status === 0;
}

export function cfsslVersion(): string {
  const out = spawnSync('cfssl', ['version'], { encoding: 'utf8' });
  const version = /Version:\s*(\S+)/.exec(out.stdout ?? '')?.[1];
  const deb = spawnSync('dpkg-query', ['-W', '-f=${Version}', 'golang-cfssl'], { encoding: 'utf8' }).stdout;
  return [version && `cfssl ${version}`, deb && `Debian golang-cfssl ${deb}`].filter(Boolean).join(', ') || 'cfssl (version unknown)';
}

/** `cmd | cfssljson -bare <bare>` in `dir`: cfssl's own way of writing its JSON answers to files. */
function cfsslToFiles(dir: string, args: string[], bare: string): void {
  const json = execFileSync('cfssl', args, { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
  execFileSync('cfssljson', ['-bare', bare], { cwd: dir, input: json, stdio: ['pipe', 'pipe', 'pipe'] });
}

export interface CfsslCa {
  dir: string;
  caPem: string;
  caKeyPem: string;
  config: string;
}

/** A P-256 CA made with `cfssl gencert -initca`, and a signing config (device certificates, 3 years). */
export function makeCfsslCa(dir: string): CfsslCa {
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'ca-csr.json'), JSON.stringify({ CN: 'Bench Reference CA', key: { algo: 'ecdsa', size: 256 }, names: [{ C: 'OM', O: 'Bench' }] }));
  fs.writeFileSync(path.join(dir, 'config.json'), JSON.stringify({ signing: { default: { expiry: '26280h', usages: ['digital signature', 'client auth'] } } }));
  cfsslToFiles(dir, ['gencert', '-initca', 'ca-csr.json'], 'ca');
  return { dir, caPem: path.join(dir, 'ca.pem'), caKeyPem: path.join(dir, 'ca-key.pem'), config: path.join(dir, 'config.json') };
}

/**
 * A device certificate from the CA (`cfssl gencert`), its OCSP answer signed by the CA (`cfssl
 * ocspsign`, written by cfssljson as DER), and the responses file `cfssl ocspserve -responses` reads
 * (base64 DER, one a line).
 */
export function cfsslPresignedOcsp(ca: CfsslCa): { leafPem: string; responseDer: Buffer; responsesFile: string } {
  const { dir } = ca;
  fs.writeFileSync(path.join(dir, 'leaf-csr.json'), JSON.stringify({ CN: 'Bench Device', key: { algo: 'ecdsa', size: 256 } }));
  cfsslToFiles(dir, ['gencert', '-ca', ca.caPem, '-ca-key', ca.caKeyPem, '-config', ca.config, 'leaf-csr.json'], 'leaf');
  cfsslToFiles(dir, ['ocspsign', '-ca', ca.caPem, '-responder', ca.caPem, '-responder-key', ca.caKeyPem, '-cert', 'leaf.pem', '-status', 'good'], 'leaf-ocsp');
  const responseDer = fs.readFileSync(path.join(dir, 'leaf-ocsp-response.der'));
  const responsesFile = path.join(dir, 'ocsp-responses');
  fs.writeFileSync(responsesFile, responseDer.toString('base64') + '\n');
  return { leafPem: path.join(dir, 'leaf.pem'), responseDer, responsesFile };
}

export interface CfsslServer {
  url: string;
  pid: number;
  stop(): Promise<void>;
}

/** Runs `cfssl <command> … -address 127.0.0.1 -port <free>` until stop(); resolves once it answers HTTP. */
export async function startCfssl(command: 'serve' | 'ocspserve', args: string[], cwd: string): Promise<CfsslServer> {
  const port = await freePort();
  const output: string[] = [];
  const child = spawn('cfssl', [command, '-address', '127.0.0.1', '-port', String(port), '-loglevel', '3', ...args], { cwd, stdio: ['ignore', 'ignore', 'pipe'] });
  child.stderr.on('data', (chunk) => output.push(String(chunk)));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      await exited;
    }
  };
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 20_000;
  while (!(await fetch(url).then(
    () => true,
    () => false,
  ))) {
    if (child.exitCode !== null || Date.now() > deadline) {
      await stop();
      throw new Error(`cfssl ${command} did not start:\n${output.join('')}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return { url, pid: child.pid as number, stop };
}
