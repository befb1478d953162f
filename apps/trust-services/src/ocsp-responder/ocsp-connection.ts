import type { Socket } from 'node:net';
import { Problems, type ProblemType } from '@theqa/http-shell';
import { parseRequestHead, skipBlankLines, type HeadLimits, type RequestHead } from './http-request-head';
import { CONTINUE, problemBytes } from './http-response-bytes';
import { HttpProblems } from './ocsp-problems';
import type { Route } from './ocsp-routes';

export interface ConnectionLimits extends HeadLimits {
  maxBodyBytes: number;
  /** Answers a connection may have outstanding (pipelining) before it stops reading. */
  maxPipelined: number;
  /** From the first byte of a request to its last (slowloris). */
  requestTimeoutMs: number;
  /** Without bytes in either direction. */
  idleTimeoutMs: number;
}

/** One answer to come, in request order. */
interface Slot {
  bytes?: Buffer;
  close: boolean;
}

/**
 * One client connection: HTTP/1.1 requests in, answers out in the order the requests came (pipelining),
 * one socket write per batch of ready answers. Bytes of an unfinished request are kept (bounded by the
 * head and body limits) until the rest arrives. Reading stops while too many answers are outstanding or
 * the socket's send buffer is full, and resumes when they drain. Every refusal is a problem document
 * followed by closing the connection; a request with `Connection: close` (or HTTP/1.0 without
 * keep-alive) closes after its answer.
 */
export class OcspConnection {
  /** When the unfinished request's first byte came (0: none), for the request timeout. */
  private partialSince = 0;
  private lastActive = Date.now();
  private pending: Buffer[] = [];
  private pendingLength = 0;
  /** Bytes the unfinished request needs in all once its head is known, 0 while the head is incomplete. */
  private needed = 0;
  private readonly slots: Slot[] = [];
  /** No more requests are read: a closing answer is queued, the client finished sending, or the server stops. */
  private ending = false;
  private ended = false;
  private stalled = false;
  private resumeScheduled = false;
  private continued = false;

  constructor(
    private readonly socket: Socket,
    private readonly route: Route,
    private readonly limits: ConnectionLimits,
    private readonly onFailure: (error: unknown) => void,
  ) {
    socket.on('data', (chunk: Buffer) => this.onData(chunk));
    socket.on('drain', () => {
      this.lastActive = Date.now();
      this.resume();
    });
    // The client has sent everything: answer what it asked, then close.
    socket.on('end', () => this.finish());
  }

  /** Called about once a second: the request and idle timeouts. */
  tick(now: number): void {
    if (this.socket.destroyed) return;
    if (now - this.lastActive > this.limits.idleTimeoutMs) {
      this.socket.destroy();
    } else if (this.partialSince && !this.ending && !this.stalled && now - this.partialSince > this.limits.requestTimeoutMs) {
      this.dropPending();
      this.refuse(HttpProblems.requestTimeout, `a request must arrive within ${this.limits.requestTimeoutMs / 1000} s`);
      this.flush();
    }
  }

  /** Stop reading requests, answer those under way, then close. */
  finish(): void {
    this.ending = true;
    this.dropPending();
    this.flush();
  }

  destroy(): void {
    this.socket.destroy();
  }

  private onData(chunk: Buffer): void {
    this.lastActive = Date.now();
    if (this.ending) return;
    if (this.pendingLength === 0) {
      this.run(chunk);
      return;
    }
    this.pending.push(chunk);
    this.pendingLength += chunk.length;
    if (this.stalled) return;
    // Re-parse only when the wait may be over: the body is complete, or a line ended (the head may
    // be, or its first line can now be judged), or the head limit is passed.
    const ready = this.needed > 0 ? this.pendingLength >= this.needed : chunk.includes(0x0a) || this.pendingLength > this.limits.maxHeadBytes;
    if (ready) this.run(this.takePending());
  }

  private run(bytes: Buffer): void {
    let offset = 0;
    let needed = 0;
    let answered = false;
    try {
      while (!this.ending) {
        offset = skipBlankLines(bytes, offset);
        if (offset >= bytes.length) break;
        if (this.slots.length >= this.limits.maxPipelined) {
          this.stall();
          break;
        }
        const result = parseRequestHead(bytes, offset, this.limits);
        if (result.kind === 'incomplete') break;
        if (result.kind === 'invalid') {
          this.refuse(result.problem, result.detail);
          break;
        }
        const { head } = result;
        if (head.contentLength > this.limits.maxBodyBytes) {
          this.refuse(Problems.payloadTooLarge, `request bodies are at most ${this.limits.maxBodyBytes} bytes`, head);
          break;
        }
        const bodyEnd = head.headEnd + head.contentLength;
        if (bodyEnd > bytes.length) {
          needed = bodyEnd - offset;
          if (head.expectContinue && !this.continued && this.slots.length === 0) {
            this.continued = true;
            this.socket.write(CONTINUE);
          }
          break;
        }
        this.continued = false;
        answered = true;
        const answer = this.route({ head, body: bytes.subarray(head.headEnd, bodyEnd) });
        offset = bodyEnd;
        this.enqueue(answer.bytes, !head.keepAlive || answer.close === true);
      }
    } catch (error) {
      // A bug, not the client's fault; still, this connection cannot go on.
      this.onFailure(error);
      this.refuse(Problems.internalError, 'the request could not be answered');
    }
    this.keepRest(bytes, offset, needed, answered);
    this.flush();
  }

  /** Keeps the bytes of an unfinished request (or of requests waiting for a stalled connection). */
  private keepRest(bytes: Buffer, offset: number, needed: number, answered: boolean): void {
    if (this.ending || offset >= bytes.length) {
      // Blank lines alone do not make a request, nor reset its clock.
      const since = !this.ending && !answered && offset > 0 ? this.partialSince || Date.now() : 0;
      this.dropPending();
      this.partialSince = since;
      return;
    }
    const progressed = offset > 0;
    this.pending = [offset === 0 ? bytes : bytes.subarray(offset)];
    this.pendingLength = bytes.length - offset;
    this.needed = needed;
    if (this.stalled) this.partialSince = 0;
    else if (progressed || !this.partialSince) this.partialSince = Date.now();
  }

  private enqueue(bytes: Buffer | Promise<Buffer>, close: boolean): void {
    if (close) this.ending = true;
    if (Buffer.isBuffer(bytes)) {
      this.slots.push({ bytes, close });
      return;
    }
    const slot: Slot = { close };
    this.slots.push(slot);
    bytes.then(
      (ready) => {
        slot.bytes = ready;
        this.flush();
      },
      (error: unknown) => {
        this.onFailure(error);
        slot.bytes = problemBytes(Problems.internalError, 'the request could not be answered', { keepAlive: false });
        slot.close = true;
        this.flush();
      },
    );
  }

  /** Writes every answer that is ready and has no unready one before it, in one write. */
  private flush(): void {
    if (this.ended || this.socket.destroyed) return;
    const ready: Buffer[] = [];
    let close = false;
    for (const slot of this.slots) {
      if (!slot.bytes || close) break;
      ready.push(slot.bytes);
      close = slot.close;
    }
    if (ready.length > 0) {
      const data = ready.length === 1 ? ready[0] : Buffer.concat(ready);
      if (close) {
        this.slots.length = 0;
        this.end(data);
        return;
      }
      this.slots.splice(0, ready.length);
      if (!this.socket.write(data)) this.stall();
    }
    if (this.ending && this.slots.length === 0) this.end();
    else if (this.stalled && !this.resumeScheduled) {
      // Resume on the next turn rather than recursing: fair to other connections, bounded stack.
      this.resumeScheduled = true;
      setImmediate(() => {
        this.resumeScheduled = false;
        this.resume();
      });
    }
  }

  private refuse(problem: ProblemType, detail: string, head?: RequestHead): void {
    this.enqueue(problemBytes(problem, detail, { keepAlive: false, acceptLanguage: head?.acceptLanguage, requestId: head?.requestId }), true);
  }

  private stall(): void {
    if (this.stalled) return;
    this.stalled = true;
    this.socket.pause();
  }

  private resume(): void {
    if (!this.stalled || this.ending || this.socket.destroyed) return;
    if (this.slots.length >= this.limits.maxPipelined || this.socket.writableNeedDrain) return;
    this.stalled = false;
    this.socket.resume();
    if (this.pendingLength > 0) this.run(this.takePending());
  }

  private end(data?: Buffer): void {
    this.ended = true;
    this.dropPending();
    if (data) this.socket.end(data);
    else this.socket.end();
  }

  /** The kept bytes, to parse again; the request's clock keeps running (keepRest decides). */
  private takePending(): Buffer {
    const bytes = this.pending.length === 1 ? this.pending[0] : Buffer.concat(this.pending, this.pendingLength);
    const since = this.partialSince;
    this.dropPending();
    this.partialSince = since;
    return bytes;
  }

  private dropPending(): void {
    if (this.pending.length > 0) this.pending = [];
    this.pendingLength = 0;
    this.needed = 0;
    this.partialSince = 0;
  }
}
