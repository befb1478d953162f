import fs from 'node:fs';
import path from 'node:path';
import type { AddressInfo, Server } from 'node:net';
import { PGlite } from '@electric-sql/pglite';
import { pgcrypto } from '@electric-sql/pglite/contrib/pgcrypto';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';
import { ProtocolBatchQueue } from './protocol-batch-queue';

/**
 * PostgreSQL embedded in this process (PGlite), served on a loopback port so that the application
 * uses the ordinary `pg` driver exactly as it does against a real server.
 *
 * PGlite has no locking of its own: two processes opening one folder would corrupt it. The owner
 * writes `owner.json` (pid and port); a second process that finds a live owner connects to its port
 * instead of opening the folder (this is how `theqa db status` talks to a running platform).
 */
export class EmbeddedPostgres {
  private constructor(
    readonly dataDir: string,
    readonly url: string,
    private readonly db: PGlite | undefined,
    private readonly server: PGLiteSocketServer | undefined,
  ) {}

  /** True when this process opened the folder (false when it borrowed another process's server). */
  get owned(): boolean {
    return this.db !== undefined;
  }

  static async open(dataDir: string, options: { maxConnections?: number } = {}): Promise<EmbeddedPostgres> {
    fs.mkdirSync(dataDir, { recursive: true, mode: 0o700 });
    const owner = readLiveOwner(dataDir);
    if (owner) return new EmbeddedPostgres(dataDir, urlFor(owner.port), undefined, undefined);

    const db = await PGlite.create(path.join(dataDir, 'pgdata'), { extensions: { pgcrypto } });
    const server = new PGLiteSocketServer({
      db,
      host: '127.0.0.1',
      port: 0,
      // The pool opens several connections; PGlite serialises their queries behind one session.
      maxConnections: options.maxConnections ?? 64,
    });
    // Replaces pglite-socket's message queue before any connection arrives (see ProtocolBatchQueue).
    (server as unknown as { queryQueue: ProtocolBatchQueue }).queryQueue = new ProtocolBatchQueue(db);
    await server.start();
    const port = listeningPort(server);
    writeOwner(dataDir, { pid: process.pid, port });
    return new EmbeddedPostgres(dataDir, urlFor(port), db, server);
  }

  async close(): Promise<void> {
    if (!this.db || !this.server) return;
    await this.server.stop();
    await this.db.close();
    fs.rmSync(ownerFile(this.dataDir), { force: true });
  }
}

interface Owner {
  pid: number;
  port: number;
}

const ownerFile = (dataDir: string) => path.join(dataDir, 'owner.json');
const urlFor = (port: number) => `postgres://postgres@127.0.0.1:${port}/postgres`;

function listeningPort(server: PGLiteSocketServer): number {
  // pglite-socket reports the port it was asked for; with port 0 the kernel picked one.
  const net = (server as unknown as { server?: Server }).server;
  const address = net?.address() as AddressInfo | null | undefined;
  if (!address?.port) throw new Error('embedded PostgreSQL did not report its port');
  return address.port;
}

function readLiveOwner(dataDir: string): Owner | undefined {
  let owner: Owner;
  try {
    owner = JSON.parse(fs.readFileSync(ownerFile(dataDir), 'utf8')) as Owner;
  } catch {
    return undefined;
  }
  if (owner.pid === process.pid || !isAlive(owner.pid)) return undefined;
  return owner;
}

function writeOwner(dataDir: string, owner: Owner): void {
  fs.writeFileSync(ownerFile(dataDir), JSON.stringify(owner), { mode: 0o600 });
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
