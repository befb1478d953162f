import { createHash, X509Certificate } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { PDFDocument, PDFString, StandardFonts } from 'pdf-lib';
import type { AuditRecord } from '@theqa/audit';
import { createLogger } from '@theqa/http-shell';
import { readAuditChain } from '@theqa/persistence';
import { loadConfiguration, PlatformServices } from '@theqa/platform';
import { freePort, PlatformProcess, run, tempDir, theqaAsync, toolIsAvailable } from '@theqa/testing';

const tools = ['openssl', 'pdfsig', 'certutil', 'qpdf', 'pdftoppm'].every((tool) => toolIsAvailable(tool));
const describeWithTools = tools ? describe : describe.skip;

type Level = 'B-B' | 'B-T' | 'B-LT' | 'B-LTA';

/**
 * `npx theqa pdf sign` and `npx theqa pdf validate` as an operator runs them against a running
 * platform: certificates from the platform's own CA (a citizen's signing certificate from a CSR, an
 * organisation's seal whose key stays in the key store), time-stamps from its TSA, revocation data from
 * its OCSP responder and CRLs; every output checked by poppler's pdfsig (NSS, the platform's root
 * trusted) and qpdf, besides the command's own report.
 */
describeWithTools('npx theqa pdf sign / validate against a running platform', () => {
  const dir = tempDir('theqa-pdf-e2e-');
  const file = (name: string) => path.join(dir, name);
  let platform: PlatformProcess;
  let env: NodeJS.ProcessEnv;
  let nssDir: string;

  const theqa = (args: string[], extraEnv: NodeJS.ProcessEnv = {}) => theqaAsync(args, { ...env, ...extraEnv });
  const sign = (input: string, output: string, args: string[], extraEnv: NodeJS.ProcessEnv = {}) =>
    theqa(['pdf', 'sign', '--in', file(input), '--out', file(output), ...args], extraEnv);
  const asCitizen = (level: Level, extra: string[] = []) => ['--key', file('citizen.key'), '--cert', file('citizen.pem'), '--chain', file('citizen-signing-ca.pem'), '--level', level, ...extra];
  const validate = async (name: string, extra: string[] = [], extraEnv: NodeJS.ProcessEnv = {}) => {
    const result = await theqa(['pdf', 'validate', file(name), '--json', ...extra], extraEnv);
    return { ...result, report: result.stdout ? (JSON.parse(result.stdout) as ValidationJson) : undefined };
  };
  const download = async (urlPath: string, name: string) => {
    const response = await fetch(`${platform.url}${urlPath}`);
    expect(response.status).toBe(200);
    fs.writeFileSync(file(name), Buffer.from(await response.arrayBuffer()));
  };
  const newKey = (name: string) => execFileSync('openssl', ['genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256', '-out', file(`${name}.key`)]);
  const issueCitizen = async (name: string) => {
    newKey(name);
    execFileSync('openssl', ['req', '-new', '-key', file(`${name}.key`), '-subj', '/CN=ignored', '-out', file(`${name}.csr`)]);
    const issued = await theqa(['ca', 'issue', '--profile', 'qualified-signing', '--csr', file(`${name}.csr`), '--civil-number', '90012347', '--given-name', 'Aisha', '--surname', 'Al Balushi', '--out', file(`${name}.pem`), '--json']);
    expect(issued.stderr).toBe('');
    expect(issued.status).toBe(0);
  };

  beforeAll(async () => {
    const port = await freePort();
    env = { ...process.env, THEQA_DATA_DIR: file('data'), PUBLIC_BASE_URL: `http://127.0.0.1:${port}`, THEQA_URL: `http://127.0.0.1:${port}`, LOG_LEVEL: 'warn' };
    // Its own embedded database unless a real PostgreSQL is given (the CI pass); the test run's CA keys
    // either way (THEQA_DEV_DIR from the global setup), so the shared hierarchy is never re-issued.
    if (process.env.THEQA_TEST_DATABASE !== 'server') delete env.DATABASE_URL;
    platform = new PlatformProcess(port, env);
    await platform.start();
    for (const name of ['theqa-root-ca', 'citizen-signing-ca', 'organisation-seal-ca']) await download(`/ca/certs/${name}.pem`, `${name}.pem`);
    nssDir = file('nss');
    fs.mkdirSync(nssDir);
    execFileSync('certutil', ['-N', '-d', `sql:${nssDir}`, '--empty-password']);
    execFileSync('certutil', ['-A', '-d', `sql:${nssDir}`, '-n', 'theqa-root', '-t', 'CT,C,C', '-i', file('theqa-root-ca.pem')]);
    await issueCitizen('citizen');
    await issueCitizen('witness');
    fs.writeFileSync(file('plain.pdf'), await plainPdf(2));
    fs.writeFileSync(file('form.pdf'), await formWithEmptySignatureField());
  }, 240_000);
  afterAll(async () => {
    await platform?.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  describe.each<Level>(['B-B', 'B-T', 'B-LT', 'B-LTA'])('at %s with a citizen’s key file and a certificate of the Citizen Signing CA', (level) => {
    const out = `citizen-${level}.pdf`;

    it('signs a file pdfsig finds valid and trusted, qpdf sound', async () => {
      const result = await sign('plain.pdf', out, asCitizen(level, ['--reason', 'Approval', '--location', 'Muscat']));
      expect(result.stderr).toBe('');
      expect(result.status).toBe(0);
      expect(result.stdout).toContain(`(${level}, `);
      const signed = fs.readFileSync(file(out));
      expect(signed.subarray(0, fs.statSync(file('plain.pdf')).size).equals(fs.readFileSync(file('plain.pdf')))).toBe(true);
      const report = pdfsig(file(out), nssDir);
      expect(report.signatures[0]).toMatchObject({ type: 'ETSI.CAdES.detached', valid: true, trusted: true, field: 'Signature1' });
      // B-B and B-T end with the signature; B-LT adds an unsigned DSS after it, B-LTA a document time-stamp after that.
      expect(report.signatures[0].total).toBe(level === 'B-B' || level === 'B-T');
      if (level === 'B-LTA') expect(report.signatures[1]).toMatchObject({ total: true, field: 'DocumentTimeStamp1' });
      expect(report.signatures).toHaveLength(level === 'B-LTA' ? 2 : 1);
      expect(qpdfCheck(file(out))).toBe(true);
    });

    it('validates with exit 0, the level reached and the platform’s chain in the report', async () => {
      const { status, report, stderr } = await validate(out);
      expect(stderr).toBe('');
      expect(status).toBe(0);
      expect(report!.indication).toBe('TOTAL_PASSED');
      const [signature, timeStamp] = report!.signatures;
      expect(signature).toMatchObject({ kind: 'signature', indication: 'TOTAL_PASSED', level, reason: 'Approval', location: 'Muscat' });
      expect(signature.signer).toMatchObject({ commonName: 'Aisha Al Balushi', civilNumber: '90012347' });
      expect(signature.chain.map((c) => c.commonName)).toEqual(['Aisha Al Balushi', 'Citizen Signing CA', 'Theqa Root CA']);
      expect(signature.revocation?.status).toBe('good');
      if (level !== 'B-B') expect(signature.timeStamp).toMatchObject({ valid: true, trusted: true });
      if (level === 'B-LT' || level === 'B-LTA') expect(signature.revocation?.source).toBe('dss');
      if (level === 'B-LTA') expect(timeStamp).toMatchObject({ kind: 'document-time-stamp', indication: 'TOTAL_PASSED' });
      else expect(timeStamp).toBeUndefined();
    });
  });

  it('prints a readable report without --json, and the same verdict', async () => {
    const result = await theqa(['pdf', 'validate', file('citizen-B-LT.pdf')]);
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/Overall result: valid \(TOTAL_PASSED\)/);
    expect(result.stdout).toMatch(/Certificate chain: Aisha Al Balushi ← Citizen Signing CA ← Theqa Root CA/);
  });

  it('draws a visible signature in the box asked for, and nowhere else on the page', async () => {
    const result = await sign('plain.pdf', 'visible.pdf', asCitizen('B-T', ['--visible', '1,72,300,220,80', '--reason', 'موافقة']));
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    const report = pdfsig(file('visible.pdf'), nssDir);
    expect(report.signatures[0]).toMatchObject({ valid: true, trusted: true, total: true });
    expect((await validate('visible.pdf')).status).toBe(0);
    const before = renderFirstPage(file('plain.pdf'), file('plain-page'));
    const after = renderFirstPage(file('visible.pdf'), file('visible-page'));
    // 72 dpi: one pixel per point; PDF's y axis goes up from the bottom of the 842-point page.
    const inBox = (x: number, y: number) => x >= 72 && x < 292 && y >= 842 - 380 && y < 842 - 300;
    let inside = 0;
    let outside = 0;
    for (let y = 0; y < after.height; y++) {
      for (let x = 0; x < after.width; x++) {
        const i = (y * after.width + x) * 3;
        if (before.pixels.subarray(i, i + 3).equals(after.pixels.subarray(i, i + 3))) continue;
        if (inBox(x, y)) inside++;
        else outside++;
      }
    }
    expect(inside).toBeGreaterThan(500);
    expect(outside).toBe(0);
  });

  it('signs into an existing empty signature field with --field, certifies with --certify, and a later signature keeps it valid', async () => {
    const certified = await sign('form.pdf', 'certified.pdf', asCitizen('B-T', ['--field', 'Approver', '--certify']));
    expect(certified.stderr).toBe('');
    expect(certified.status).toBe(0);
    const text = fs.readFileSync(file('certified.pdf')).toString('latin1');
    expect(text).toMatch(/\/Perms\s*<<\s*\/DocMDP \d+ 0 R/);
    expect(text).toMatch(/\/TransformMethod\s*\/DocMDP[\s\S]*?\/P 2/);
    const first = pdfsig(file('certified.pdf'), nssDir);
    expect(first.signatures).toEqual([expect.objectContaining({ field: 'Approver', valid: true, trusted: true, total: true })]);
    expect((await validate('certified.pdf')).report!.signatures.map((s) => [s.fieldName, s.indication])).toEqual([['Approver', 'TOTAL_PASSED']]);

    // DocMDP 2 allows later signatures: another signer adds a new field of the name given.
    const countersigned = await sign('certified.pdf', 'countersigned.pdf', ['--key', file('witness.key'), '--cert', file('witness.pem'), '--chain', file('citizen-signing-ca.pem'), '--level', 'B-T', '--field', 'Witness']);
    expect(countersigned.stderr).toBe('');
    expect(countersigned.status).toBe(0);
    const second = pdfsig(file('countersigned.pdf'), nssDir);
    expect(second.signatures.map((s) => [s.field, s.valid, s.trusted])).toEqual([
      ['Approver', true, true],
      ['Witness', true, true],
    ]);
    const { status, report } = await validate('countersigned.pdf');
    expect(report!.signatures.map((s) => [s.fieldName, s.indication])).toEqual([
      ['Approver', 'TOTAL_PASSED'],
      ['Witness', 'TOTAL_PASSED'],
    ]);
    expect(status).toBe(0);
    expect(qpdfCheck(file('countersigned.pdf'))).toBe(true);
  });

  it('exits 2 for a byte flipped in the signed range, with the reason', async () => {
    const signed = fs.readFileSync(file('citizen-B-LT.pdf'));
    const at = signed.indexOf('/ModDate (D:') + '/ModDate (D:'.length;
    expect(at).toBeGreaterThan(20);
    const tampered = Buffer.from(signed);
    tampered[at] = tampered[at] === 0x31 ? 0x33 : 0x31; // a digit of the year: still a well-formed PDF
    fs.writeFileSync(file('tampered.pdf'), tampered);
    expect(pdfsig(file('tampered.pdf'), nssDir).signatures[0].valid).toBe(false);
    const { status, report } = await validate('tampered.pdf');
    expect(status).toBe(2);
    expect(report!.indication).toBe('TOTAL_FAILED');
    expect(report!.signatures[0]).toMatchObject({ indication: 'TOTAL_FAILED', subIndication: 'HASH_FAILURE' });
    const text = await theqa(['pdf', 'validate', file('tampered.pdf')]);
    expect(text.status).toBe(2);
    expect(text.stdout).toMatch(/the signed bytes were changed/);
  });

  it('exits 1 for a signature under a PKI it does not know, and finds the chain when given --anchor', async () => {
    const other = throwAwayPki(dir);
    const signed = await sign('plain.pdf', 'foreign.pdf', ['--key', other.signerKey, '--cert', other.signerCert, '--chain', other.rootCert, '--level', 'B-B']);
    expect(signed.stderr).toBe('');
    expect(signed.status).toBe(0);
    const unknown = await validate('foreign.pdf');
    expect(unknown.status).toBe(1);
    expect(unknown.report!.signatures[0]).toMatchObject({ indication: 'INDETERMINATE', subIndication: 'NO_CERTIFICATE_CHAIN_FOUND' });
    const anchored = await validate('foreign.pdf', ['--anchor', other.rootCert]);
    expect(anchored.report!.signatures[0].chain.map((c) => c.commonName)).toEqual(['Other Signer', 'Other Root']);
    // Nothing says whether the throw-away certificate is revoked (no OCSP, no CRL): still indeterminate, for that reason now.
    expect(anchored.report!.signatures[0]).toMatchObject({ indication: 'INDETERMINATE', subIndication: 'TRY_LATER' });
    expect(anchored.status).toBe(1);
  });

  it('seals with keystore:LABEL (the organisation’s key never leaves the key store) and writes document.sealed to an intact audit log', async () => {
    const issued = await theqa(['ca', 'issue', '--profile', 'organisation-seal', '--organization-id', 'NTROM-7700112', '--organization-name', 'وزارة الإسكان', '--out', file('seal.pem'), '--json']);
    expect(issued.status).toBe(0);
    const { key_label: label } = JSON.parse(issued.stdout) as { key_label: string };
    const sealed = await sign('plain.pdf', 'sealed.pdf', ['--key', `keystore:${label}`, '--cert', file('seal.pem'), '--chain', file('organisation-seal-ca.pem'), '--level', 'B-LTA', '--reason', 'صادر عن الوزارة', '--visible', '1,330,60,230,80', '--json']);
    expect(sealed.stderr).toBe('');
    expect(sealed.status).toBe(0);
    const summary = JSON.parse(sealed.stdout) as { documentSha256: string; level: string };
    const pdf = fs.readFileSync(file('sealed.pdf'));
    expect(summary).toMatchObject({ level: 'B-LTA', documentSha256: createHash('sha256').update(pdf).digest('hex') });
    expect(pdfsig(file('sealed.pdf'), nssDir).signatures[0]).toMatchObject({ valid: true, trusted: true });
    const { status, report } = await validate('sealed.pdf');
    expect(status).toBe(0);
    expect(report!.signatures[0].signer).toMatchObject({ organizationIdentifier: 'NTROM-7700112', commonName: 'وزارة الإسكان' });
    expect(report!.signatures[0].level).toBe('B-LTA');

    const serial = new X509Certificate(fs.readFileSync(file('seal.pem'))).serialNumber.toLowerCase();
    const services = await PlatformServices.open(loadConfiguration(env), { logger: createLogger({ level: 'warn' }), actor: 'test', applicationName: 'theqa-pdf-e2e', poolSize: 1 });
    try {
      const entries: AuditRecord[] = [];
      for await (const record of readAuditChain(services.database.dataSource)) if (record.action === 'document.sealed') entries.push(record);
      expect(entries).toHaveLength(1);
      const details = JSON.parse(entries[0].details) as Record<string, unknown>;
      expect(entries[0].actor).toMatch(/^cli:/);
      expect(details).toMatchObject({ key: `keystore:${label}`, documentSha256: summary.documentSha256, level: 'B-LTA' });
      expect(String(details.certificate).toLowerCase().replace(/^0+/, '')).toBe(serial.replace(/^0+/, ''));
    } finally {
      await services.close();
    }
    const verified = await theqa(['audit', 'verify', '--json']);
    expect(verified.status).toBe(0);
    expect(JSON.parse(verified.stdout).ok).toBe(true);
  });

  describe('bad inputs: a clear message, an exit code, no stack trace, no output file', () => {
    const refused = async (args: string[], expected: { status: number; message: RegExp }, extraEnv: NodeJS.ProcessEnv = {}) => {
      fs.rmSync(file('refused.pdf'), { force: true });
      const text = await theqa(args, extraEnv);
      expect({ status: text.status, stderr: text.stderr }).toEqual({ status: expected.status, stderr: expect.stringMatching(expected.message) });
      expect(text.stderr).not.toMatch(/^\s+at /m);
      expect(text.stdout).toBe('');
      const json = await theqa([...args, '--json'], extraEnv);
      expect(json.status).toBe(expected.status);
      // Commander's own usage errors are printed by commander, as text; every other refusal is one JSON document.
      if (json.stdout) expect((JSON.parse(json.stdout) as { error: { message: string } }).error.message).toMatch(expected.message);
      expect(fs.existsSync(file('refused.pdf'))).toBe(false);
    };
    const signArgs = (overrides: Record<string, string>) => {
      const options: Record<string, string> = { '--in': file('plain.pdf'), '--out': file('refused.pdf'), '--key': file('citizen.key'), '--cert': file('citizen.pem'), '--chain': file('citizen-signing-ca.pem'), '--level': 'B-B', ...overrides };
      return ['pdf', 'sign', ...Object.entries(options).flatMap(([name, value]) => [name, value])];
    };

    it('a missing input file', () => refused(signArgs({ '--in': file('nothing.pdf') }), { status: 1, message: /--in .*nothing\.pdf: no such file/ }));
    it('an input that is not a PDF', async () => {
      fs.writeFileSync(file('notes.txt'), 'not a PDF\n');
      await refused(signArgs({ '--in': file('notes.txt') }), { status: 1, message: /%PDF header/ });
    });
    it('a key that is not the certificate’s', async () => {
      newKey('stranger');
      await refused(signArgs({ '--key': file('stranger.key') }), { status: 1, message: /--key is not the private key of --cert/ });
    });
    it('a key store label that holds no key', () => refused(signArgs({ '--key': 'keystore:seal-nobody' }), { status: 1, message: /holds no key labelled seal-nobody/ }));
    it('a malformed --visible', () => refused([...signArgs({}), '--visible', '1,2,3'], { status: 2, message: /--visible takes PAGE,X,Y,W,H/ }));
    it('a --visible page the document does not have', () => refused([...signArgs({}), '--visible', '9,72,300,220,80'], { status: 1, message: /no page 9/ }));
    it('an unknown --level', () => refused(signArgs({ '--level': 'B-XL' }), { status: 2, message: /--level must be one of B-B, B-T, B-LT, B-LTA/ }));
    it('a platform that cannot be reached for a B-T time-stamp', () =>
      refused(signArgs({ '--level': 'B-T' }), { status: 1, message: /platform at http:\/\/127\.0\.0\.1:9 cannot be reached.*THEQA_URL/ }, { THEQA_URL: 'http://127.0.0.1:9' }));
    it('an --out folder that does not exist', () => refused(signArgs({ '--out': file('no-such-folder/out.pdf') }), { status: 1, message: /--out .*no-such-folder\/out\.pdf: / }));
    it('validate: a missing file and a file that is not a PDF exit 2', async () => {
      await refused(['pdf', 'validate', file('nothing.pdf')], { status: 2, message: /nothing\.pdf: no such file/ });
      await refused(['pdf', 'validate', file('notes.txt')], { status: 2, message: /%PDF header/ });
    });
    it('validate without the platform: says so, and cannot call the platform’s signature trusted', async () => {
      const result = await validate('citizen-B-LT.pdf', [], { THEQA_URL: 'http://127.0.0.1:9' });
      expect(result.stderr).toMatch(/cannot be reached.*no trust anchor/);
      expect(result.status).toBe(1);
      expect(result.report!.signatures[0].subIndication).toBe('NO_CERTIFICATE_CHAIN_FOUND');
    });
  });
});

interface ValidationJson {
  indication: string;
  signatures: Array<{
    kind: string;
    fieldName: string;
    indication: string;
    subIndication?: string;
    level?: string;
    reason?: string;
    location?: string;
    signer?: { commonName?: string; civilNumber?: string; organizationIdentifier?: string };
    chain: Array<{ commonName?: string }>;
    revocation?: { status: string; source?: string };
    timeStamp?: { valid: boolean; trusted: boolean };
  }>;
}

/** pdfsig's verdict on each signature, with the platform's root trusted in the NSS database. */
function pdfsig(pdf: string, nssDir: string) {
  const { output } = run('pdfsig', ['-nssdir', `sql:${nssDir}`, pdf]);
  const blocks = output.split(/^Signature #\d+:$/m).slice(1);
  return {
    output,
    signatures: blocks.map((text) => ({
      field: /Signature Field Name: (.+)/.exec(text)?.[1].trim(),
      type: /Signature Type: (\S+)/.exec(text)?.[1],
      valid: /Signature Validation: Signature is Valid\./.test(text),
      trusted: /Certificate Validation: Certificate is Trusted\./.test(text),
      total: /^\s*- Total document signed/m.test(text),
    })),
  };
}

function qpdfCheck(pdf: string): boolean {
  const { status, output } = run('qpdf', ['--check', pdf]);
  return status === 0 && /No syntax or stream encoding errors found/.test(output);
}

/** Page 1 at 72 dpi, as RGB pixels (pdftoppm's PPM). */
function renderFirstPage(pdf: string, base: string): { width: number; height: number; pixels: Buffer } {
  execFileSync('pdftoppm', ['-r', '72', '-f', '1', '-l', '1', '-singlefile', pdf, base]);
  const ppm = fs.readFileSync(`${base}.ppm`);
  const header = /^P6\s+(\d+)\s+(\d+)\s+255\s/.exec(ppm.subarray(0, 64).toString('latin1'))!;
  return { width: Number(header[1]), height: Number(header[2]), pixels: ppm.subarray(header[0].length) };
}

async function plainPdf(pages: number): Promise<Buffer> {
  const document = await PDFDocument.create();
  const font = await document.embedFont(StandardFonts.Helvetica);
  for (let i = 1; i <= pages; i++) document.addPage([595, 842]).drawText(`Theqa e2e document, page ${i}`, { x: 72, y: 760, size: 18, font });
  return Buffer.from(await document.save({ useObjectStreams: false }));
}

/** A filled text field and an empty signature field "Approver" (pdf-lib writes no signature fields: by hand). */
async function formWithEmptySignatureField(): Promise<Buffer> {
  const document = await PDFDocument.create();
  const page = document.addPage([595, 842]);
  const form = document.getForm();
  const name = form.createTextField('applicant.name');
  name.setText('Salim Al-Harthy');
  name.addToPage(page, { x: 72, y: 680, width: 250, height: 24 });
  const field = document.context.register(document.context.obj({ Type: 'Annot', Subtype: 'Widget', FT: 'Sig', T: PDFString.of('Approver'), Rect: [350, 80, 550, 150], F: 4, P: page.ref }));
  page.node.addAnnot(field);
  form.acroForm.addField(field);
  return Buffer.from(await document.save({ useObjectStreams: false }));
}

/** A root and a signer the platform has never heard of (no OCSP, no CRL). */
function throwAwayPki(dir: string) {
  const at = (name: string) => path.join(dir, `other-${name}`);
  const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes'];
  execFileSync('openssl', ['req', '-x509', ...ec, '-keyout', at('root.key'), '-out', at('root.pem'), '-subj', '/CN=Other Root', '-days', '30', '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign'], { stdio: 'ignore' });
  execFileSync('openssl', ['req', ...ec, '-keyout', at('signer.key'), '-out', at('signer.csr'), '-subj', '/CN=Other Signer'], { stdio: 'ignore' });
  fs.writeFileSync(at('ext'), 'basicConstraints=critical,CA:FALSE\nkeyUsage=critical,digitalSignature,nonRepudiation\n');
  execFileSync('openssl', ['x509', '-req', '-in', at('signer.csr'), '-CA', at('root.pem'), '-CAkey', at('root.key'), '-CAcreateserial', '-days', '10', '-extfile', at('ext'), '-out', at('signer.pem')], { stdio: 'ignore' });
  return { rootCert: at('root.pem'), signerKey: at('signer.key'), signerCert: at('signer.pem') };
}
