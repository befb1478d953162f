// An issuance worker thread (see IssuanceWorkers): the CertificateIssuer, with the hierarchy's keys
// opened from the same software key store as the main thread, and ledger and audit ports that call
// back to the main thread. It never touches the database, and a certificate is signed only after the
// main thread has answered that its reservation is committed.
import path from 'node:path';
import { parentPort, workerData } from 'node:worker_threads';
import {
  CertificateIssuer,
  ProfileCatalogue,
  loadHierarchy,
  loadHierarchyDefinition,
  loadPlatformOids,
  type CaEvent,
  type CertificateLedger,
  type PendingCertificate,
} from '@theqa/ca';
import { canonicalJson } from '@theqa/kernel';
import { openKeyStore } from '@theqa/keys';
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
  const { certsDir } = setup;
  const oids = loadPlatformOids(certsDir);
  const profiles = ProfileCatalogue.load(path.join(certsDir, 'profiles'), oids);
  const certificates = new Map(setup.authorities.map((a) => [a.name, asBuffer(a.certificateDer)]));
  const keyStore = await openKeyStore(setup.keyStore);
  // Loading only, the hierarchy the main thread loaded: a worker never creates or renews anything.
  const authorities = await loadHierarchy({
    definitions: loadHierarchyDefinition(certsDir),
    profiles,
    keyStore,
    store: {
      load: async (name) => {
        const certificateDer = certificates.get(name);
        return certificateDer && { certificateDer, keyLabel: name };
      },
    },
    publicBaseUrl: setup.publicBaseUrl,
  });
  return new CertificateIssuer({ profiles, authorities, ledger, events, oids });
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
