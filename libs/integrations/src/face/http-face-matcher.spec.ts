import { json, problem, ScriptedServer } from '../../test/scripted-server';
import { HttpFaceMatcher, IMAGE_UNREADABLE_PROBLEM } from './http-face-matcher';

const FAST = { token: 'faces-token', timeoutMs: 300, retries: 2, backoffMs: 5 };
const photo = Buffer.from('reference-image');
const selfie = new Uint8Array(Buffer.from('xxselfie-imagexx')).subarray(2, 14);

describe('HttpFaceMatcher', () => {
  let server: ScriptedServer;
  let faces: HttpFaceMatcher;

  beforeAll(async () => {
    server = await ScriptedServer.start();
    faces = new HttpFaceMatcher({ ...FAST, baseUrl: server.url });
  });
  afterAll(() => server.close());

  it('posts both images as base64 and reads the decision', async () => {
    server.script(json(200, { match: true, score: 0.9921, model: 'v7' }));
    await expect(faces.compare(photo, selfie)).resolves.toEqual({ match: true, score: 0.9921 });
    expect(server.requests[0]).toMatchObject({ method: 'POST', path: '/api/v1/comparisons' });
    expect(JSON.parse(server.requests[0].body.toString())).toEqual({ reference: photo.toString('base64'), selfie: Buffer.from('selfie-image').toString('base64') });
  });

  it('retries a comparison like a read: it changes nothing at the service', async () => {
    server.script(problem(503, {}), json(200, { match: false, score: 0.31 }));
    await expect(faces.compare(photo, selfie)).resolves.toEqual({ match: false, score: 0.31 });
    expect(server.requests).toHaveLength(2);
  });

  it('reports an image the service cannot read as image-unreadable, naming which', async () => {
    server.script(problem(422, { type: IMAGE_UNREADABLE_PROBLEM, title: 'Unreadable image', detail: 'no face found', image: 'selfie' }));
    await expect(faces.compare(photo, selfie)).rejects.toMatchObject({ name: 'IntegrationError', code: 'image-unreadable', details: { image: 'selfie' }, message: 'the selfie image cannot be read: no face found' });
    expect(server.requests).toHaveLength(1);
    server.script(problem(422, { type: 'urn:example:quota', title: 'Quota exceeded' }));
    await expect(faces.compare(photo, selfie)).rejects.toMatchObject({ code: 'face-match-rejected' });
  });

  it('refuses empty images without asking', async () => {
    server.requests.length = 0;
    await expect(faces.compare(new Uint8Array(), selfie)).rejects.toMatchObject({ code: 'image-unreadable', details: { image: 'reference' } });
    expect(server.requests).toHaveLength(0);
  });

  it.each([[{ match: 'yes', score: 0.9 }], [{ match: true }], [{ match: true, score: 1.5 }], [null]])('refuses the answer %j', async (answer) => {
    server.script(json(200, answer));
    await expect(faces.compare(photo, selfie)).rejects.toMatchObject({ code: 'face-match-answer-invalid' });
  });
});
