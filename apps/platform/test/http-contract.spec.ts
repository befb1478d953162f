import { Body, Controller, Get, Module, Post } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { IsEmail, IsInt, IsString, Length, Max, Min } from 'class-validator';
import request from 'supertest';
import { Writable } from 'node:stream';
import { createLogger } from '@theqa/http-shell';
import { testInstallation } from '@theqa/testing';
import { openDatabase, type Database } from '@theqa/persistence';
import { createPlatformApp } from '../src/platform';

class EnrolmentProbe {
  @IsString() @Length(8, 8) civil_number!: string;
  @IsEmail() email!: string;
  @IsInt() @Min(1) @Max(3) attempts!: number;
}

@Controller('contract-probe')
class ContractProbeController {
  @Post('echo') echo(@Body() body: EnrolmentProbe) {
    return { received: body };
  }
  @Get('crash') crash(): never {
    throw new Error('database password is hunter2 at /srv/app/secret.ts:12');
  }
}

@Module({ controllers: [ContractProbeController] })
class ContractProbeModule {}

const STACK_TRACE = /\bat [\w.<>]+ \(|\.ts:\d+|node_modules/;

describe('HTTP contract of every Theqa service', () => {
  let database: Database;
  let app: NestExpressApplication;
  const logLines: Array<Record<string, unknown>> = [];

  beforeAll(async () => {
    database = await openDatabase({ target: { kind: 'server', url: testInstallation().databaseUrl }, poolSize: 2 });
    const sink = new Writable({
      write(chunk, _enc, done) {
        for (const line of String(chunk).split('\n').filter(Boolean)) logLines.push(JSON.parse(line));
        done();
      },
    });
    app = await createPlatformApp(database, createLogger({ level: 'info', destination: sink }), [ContractProbeModule]);
    await app.init();
  });
  afterAll(async () => {
    await app.close();
    await database.close();
  });

  const http = () => request(app.getHttpServer());

  it('GET /health answers 200 with the database reachable and migrations current', async () => {
    const res = await http().get('/health').expect(200);
    expect(res.body).toMatchObject({ status: 'ok', database: { reachable: true }, migrations: { pending: 0 } });
    expect(res.body.migrations.applied).toBeGreaterThan(0);
  });

  it.each(['/health', '/contract-probe/echo', '/no/such/route'])('malformed JSON to %s → 400 problem+json', async (path) => {
    const res = await http().post(path).set('content-type', 'application/json').send('{"civil_number": "1234');
    expect(res.status).toBe(400);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body).toMatchObject({ type: 'urn:theqa:problem:malformed-json', status: 400 });
    expect(res.text).not.toMatch(STACK_TRACE);
  });

  it('an unknown route → 404 problem+json', async () => {
    const res = await http().get('/certainly/not/here').expect(404);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body).toMatchObject({ type: 'urn:theqa:problem:not-found', status: 404, title: expect.any(String) });
  });

  it('validation errors → 400 naming every invalid field, and unknown fields are refused', async () => {
    const res = await http()
      .post('/contract-probe/echo')
      .send({ civil_number: '123', email: 'not-an-email', attempts: 9, extra: true })
      .expect(400);
    expect(res.body.type).toBe('urn:theqa:problem:invalid-request');
    const fields = res.body.errors.map((e: { field: string }) => e.field);
    expect(new Set(fields)).toEqual(new Set(['civil_number', 'email', 'attempts', 'extra']));
    expect(res.body.detail).toContain('civil_number');
  });

  it('valid input passes the same pipe', async () => {
    const body = { civil_number: '12345678', email: 'salim@example.om', attempts: 2 };
    const res = await http().post('/contract-probe/echo').send(body).expect(201);
    expect(res.body).toEqual({ received: body });
  });

  it('an unexpected error → 500 with an error id, no stack, no internals; the log has the stack under that id', async () => {
    const res = await http().get('/contract-probe/crash').expect(500);
    expect(res.body).toMatchObject({ type: 'urn:theqa:problem:internal-error', status: 500 });
    expect(res.body.error_id).toBe(res.headers['x-request-id']);
    expect(res.text).not.toMatch(STACK_TRACE);
    expect(res.text).not.toContain('hunter2');
    const logged = logLines.find((line) => line.req_id === res.body.error_id && line.level === 50);
    expect(JSON.stringify(logged)).toContain('hunter2');
  });

  it('titles follow Accept-Language, both languages are always present', async () => {
    const res = await http().get('/nowhere').set('accept-language', 'ar-OM,ar;q=0.9,en;q=0.5').expect(404);
    expect(res.body.title).toBe('لا يوجد شيء على هذا العنوان');
    expect(res.headers['content-language']).toBe('ar');
    expect(res.body.titles).toEqual({ ar: 'لا يوجد شيء على هذا العنوان', en: 'There is nothing at this address' });
  });

  it('a body over the limit → 413 problem+json', async () => {
    const res = await http().post('/contract-probe/echo').send({ civil_number: 'x'.repeat(2 * 1024 * 1024) });
    expect(res.status).toBe(413);
    expect(res.body.type).toBe('urn:theqa:problem:payload-too-large');
  });

  it('every response carries a request id, a plain caller id is kept, and the log line carries it', async () => {
    const res = await http().get('/health').set('x-request-id', 'naql-req-00000042').expect(200);
    expect(res.headers['x-request-id']).toBe('naql-req-00000042');
    const injected = await http().get('/health').set('x-request-id', 'bad id; "forged": true');
    expect(injected.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    expect(logLines.some((line) => line.req_id === 'naql-req-00000042' && line.msg === 'request' && line.status === 200)).toBe(true);
  });
});
