// An issuance worker thread (see IssuanceWorkers): the CertificateIssuer, with the hierarchy's keys
// opened from the same software key store as the main thread, and ledger and audit ports that call
// back to the main thread. It never touches the database, and a certificate is signed only after the
// main thread has answered that its reservation is committed.
import path from 'node:path';
import { parentPort, workerData } from 'node:worker_threads';
import {
  AuthorityRegistry,
  CaError,
  CertificateIssuer,
  ProfileCatalogue,
  initialiseHierarchy,
  loadHierarchyDefinition,
  loadPlatformOids,
  type CaEvent,
  type CertificateLedger,
  type PendingCertificate,
} from '@theqa/ca';
import { canonicalJson } from '@theqa/kernel';
import { openKeyStore } from '../open-key-store';
import { BatchedPort, ownBytes } from './batched-port';
import { asBuffer, deserialiseError, serialiseError, type FromWorker, type ToWorker, type WorkerSetup } from './protocol';

const port = parentPort;
if (!port) throw new Error('issuance-worker runs as a worker thread');
const setup = workerData as WorkerSetup;
const outbox = new BatchedPort<FromWorker>(port);
const send = (message: FromWorker) => outbox.send(message);

const calls = new Map<number, { resolve: () => void; reject: (error: Error) => void }>();
let nextCall = 0;
function call(message: (call: number) => FromWorker): Promise<void> {
  return new Promise((resolve, reject) => {
    const id = nextCall++;
    calls.set(id, { resolve, reject });
    send(message(id));
  });
}

const ledger: CertificateLedger = {
  reserve: (pending: PendingCertificate) => call((c) => ({ op: 'reserve', call: c, pending: { ...pending, spkiSha256: ownBytes(pending.spkiSha256) as Buffer } })),
  complete: (serialHex: string, der: Buffer, issuedAt: Date) => call((c) => ({ op: 'complete', call: c, serialHex, der: ownBytes(der), issuedAt })),
  find: () => Promise.reject(new Error('issuance workers only reserve and complete')),
  changeStatus: () => Promise.reject(new Error('issuance workers only reserve and complete')),
};
const events = {
  record: ({ details, ...event }: CaEvent) => {
    const detailsJson = canonicalJson(details); // refuses what is not plain data, here in the producer's call
    return call((c) => ({ op: 'record', call: c, event, detailsJson }));
  },
};

async function start(): Promise<CertificateIssuer> {
  const { settings } = setup;
  const oids = loadPlatformOids(settings.certsDir);
  const profiles = ProfileCatalogue.load(path.join(settings.certsDir, 'profiles'), oids);
  const certificates = new Map(setup.authorities.map((a) => [a.name, asBuffer(a.certificateDer)]));
  let registry = new AuthorityRegistry();
  const authorities = { get: (name: string) => registry.get(name) } as AuthorityRegistry;
  const issuer = new CertificateIssuer({ profiles, authorities, ledger, events, oids });
  // Loading only: a missing key or certificate is refused before anything is generated, reserved or signed.
  const refuse = (what: string) => () => Promise.reject(new CaError('hierarchy-invalid', `an issuance worker does not ${what}; the main thread initialises the hierarchy`));
  const loadingIssuer = new CertificateIssuer({ profiles, authorities, ledger: { ...ledger, reserve: refuse('issue authority certificates') }, events, oids });
  const keyStore = await openKeyStore(settings);
  const hierarchy = await initialiseHierarchy(
    {
      definitions: loadHierarchyDefinition(settings.certsDir),
      profiles,
      keyStore: { kind: keyStore.kind, findKey: (label) => keyStore.findKey(label), generateKey: refuse('generate keys'), macKey: refuse('use MAC keys'), close: () => keyStore.close() },
      store: {
        load: async (name) => {
          const certificateDer = certificates.get(name);
          return certificateDer && { certificateDer, keyLabel: name };
        },
        save: refuse('save authority certificates'),
      },
      publicBaseUrl: setup.publicBaseUrl,
    },
    loadingIssuer,
    'issuance-worker',
  );
  registry = hierarchy.authorities;
  return issuer;
}

const ready = start();
ready.then(
  () => send({ op: 'ready' }),
  (error: unknown) => {
    // The pool sees the thread exit with this error and stops using workers.
    throw error;
  },
);

port.on('message', (messages: ToWorker[]) => {
  for (const message of messages) receive(message);
});

function receive(message: ToWorker): void {
  if (message.op === 'answer') {
    const waiting = calls.get(message.call);
    calls.delete(message.call);
    if (message.error) waiting?.reject(deserialiseError(message.error));
    else waiting?.resolve();
    return;
  }
  const { id, request } = message;
  ready
    .then((issuer) => issuer.issueForCitizen({ ...request, csr: typeof request.csr === 'string' ? request.csr : asBuffer(request.csr) }))
    .then(
      (issued) => send({ op: 'issued', id, issued: { ...issued, der: ownBytes(issued.der) as Buffer } }),
      (error: unknown) => send({ op: 'failed', id, error: serialiseError(error) }),
    );
}
