import * as path from 'node:path';
import { Command, CommanderError } from 'commander';
import { approveLogin } from './login-approval';
import { readNotifications } from './notifications';
import { changePin, resetPin } from './pin-commands';
import { PlatformClient } from './platform-client';
import { register } from './register';
import { answerSigningRequest, listSigningRequests } from './signing-requests';
import { upgrade } from './upgrade';
import { exchange } from './device-session';
import { openDeviceKey } from './unsealing';
import { WalletHome } from './wallet-home';
import { WalletError } from './wallet-error';

/**
 * `theqa wallet --home DIR <command>`: the citizen's device as a command line. Keys are made here and
 * stay in DIR; the device key is sealed under a secret the platform releases only for a right PIN, so
 * every PIN typed here is checked, and counted, by the platform (unsealing.ts). The platform only ever
 * sees the CSR, public keys, signatures and PIN proofs.
 */
const program = new Command('theqa wallet')
  .description("the citizen's wallet (the phone app's role) as a command line")
  .requiredOption('--home <dir>', 'the folder that holds this wallet (its keys; the device key opens only with the platform’s PIN check)')
  .option('--server <url>', 'the platform (default: THEQA_URL, the registered one, or http://127.0.0.1:8080)')
  .option('--json', 'print one JSON document instead of text')
  .showHelpAfterError()
  .exitOverride();

const globals = () => program.opts<{ home: string; server?: string; json?: boolean }>();
const home = () => new WalletHome(path.resolve(globals().home));
async function client(): Promise<PlatformClient> {
  const registered = (await home().exists()) ? (await home().readAnyVersion()).server : undefined;
  return new PlatformClient(globals().server ?? process.env.THEQA_URL ?? registered ?? 'http://127.0.0.1:8080');
}
const progress = (line: string) => {
  if (!globals().json) process.stderr.write(`  ${line}\n`);
};
function print(data: unknown, text: () => string): void {
  process.stdout.write(globals().json ? JSON.stringify(data, null, 2) + '\n' : text() + '\n');
}
const pinOption = (value: string | undefined): string => {
  const pin = value ?? process.env.THEQA_WALLET_PIN;
  if (!pin) throw new WalletError('the PIN is needed: --pin or THEQA_WALLET_PIN', 'pin-missing');
  return pin;
};

program
  .command('register')
  .description('register this wallet: card, email and phone, terms, face, SMS code, PIN, device key')
  .requiredOption('--civil-number <n>', 'civil number on the ID card')
  .requiredOption('--email <email>', 'email address')
  .requiredOption('--phone <phone>', 'mobile number, E.164 (+968…)')
  .option('--pin <pin>', 'the 6-digit PIN to choose (or THEQA_WALLET_PIN)')
  .option('--selfie <file>', 'a PNG selfie (development: the registry photo)')
  .option('--otp <code>', 'the SMS code (development: read from the outbox)')
  .option('--card <file>', 'signed card data (development: read from /dev/card)')
  .option('--name <name>', 'a name for this device')
  .action(async (o) => {
    const result = await register(await client(), home(), { civilNumber: o.civilNumber, email: o.email, phone: o.phone, pin: pinOption(o.pin), selfie: o.selfie, otp: o.otp, card: o.card, name: o.name }, progress);
    print({ civil_number: result.civil_number, assurance: result.assurance, device: result.device, certificate: result.certificate }, () =>
      [`registered: civil number ${result.civil_number}, assurance ${result.assurance.toUpperCase()}`, `device ${result.device.serial} (${result.device.name})`].join('\n'),
    );
  });

program
  .command('upgrade')
  .description('raise the identity to HIGH, or at HIGH renew this device\'s signing key: scan the code the self-service portal shows for this device, face, SMS code, terms, a signing key')
  .option('--qr <payload>', 'the text of the QR code the portal shows (without it: carry on the upgrade this wallet took up)')
  .option('--pin <pin>', 'the PIN (or THEQA_WALLET_PIN)')
  .option('--selfie <file>', 'a PNG selfie (development: the registry photo)')
  .option('--otp <code>', 'the SMS code (development: read from the outbox)')
  .option('--phone <phone>', 'where to read the SMS code in development (default: the number given at registration)')
  .action(async (o: { qr?: string; pin?: string; selfie?: string; otp?: string; phone?: string }) => {
    const { result, wallet } = await upgrade(await client(), home(), { qr: o.qr, pin: pinOption(o.pin), selfie: o.selfie, otp: o.otp, phone: o.phone }, progress);
    const renewed = result.purpose === 'renewal';
    print(
      { civil_number: result.civil_number, assurance: result.assurance, purpose: result.purpose ?? 'upgrade', device: wallet.device, certificate_serial: result.certificate_serial, certificate: result.certificate, signing_requests: true },
      () =>
        [
          renewed
            ? `signing key renewed: civil number ${result.civil_number}, assurance ${result.assurance.toUpperCase()} — جُدّد مفتاح التوقيع`
            : `upgraded: civil number ${result.civil_number}, assurance ${result.assurance.toUpperCase()} — المستوى: مرتفع`,
          `signing key on device ${wallet.device.serial} (qualified certificate ${result.certificate_serial})`,
          'signing requests are available: theqa wallet sign --pending — طلبات التوقيع متاحة',
        ].join('\n'),
    );
  });

program
  .command('status')
  .description("the identity's assurance and PIN state, as the server sees them")
  .option('--pin <pin>', 'the PIN, checked by the platform, that opens the device key (or THEQA_WALLET_PIN)')
  .action(async (o) => {
    const wallet = await home().read();
    const platform = await client();
    const outcome = await exchange(platform, wallet, await openDeviceKey(platform, wallet, pinOption(o.pin)), { purpose: 'device-status' });
    // Signing requests come to a HIGH identity's device that holds a signing key (the upgrade made it here).
    const signing = outcome.identity.assurance === 'high' && !!wallet.signing;
    print({ civil_number: wallet.civil_number, device: wallet.device, identity: outcome.identity, signing_requests: signing, activity: outcome.activity }, () =>
      [
        `civil number ${outcome.identity.civil_number}`,
        `assurance    ${outcome.identity.assurance.toUpperCase()}`,
        `identity     ${outcome.identity.status}`,
        `PIN          ${outcome.identity.pin}`,
        `this device  ${wallet.device.serial} (${wallet.device.name})`,
        `signing      ${signing ? 'signing requests available: theqa wallet sign --pending — طلبات التوقيع متاحة' : outcome.identity.assurance === 'high' ? 'no signing key on this device: renew it in the self-service portal (upgrade page) — جدّد مفتاح التوقيع من البوابة' : 'upgrade to HIGH in the self-service portal to sign'}`,
      ].join('\n'),
    );
  });

program
  .command('devices')
  .description("the identity's devices")
  .option('--pin <pin>', 'the PIN that opens the device key (or THEQA_WALLET_PIN)')
  .action(async (o) => {
    const wallet = await home().read();
    const platform = await client();
    const outcome = await exchange(platform, wallet, await openDeviceKey(platform, wallet, pinOption(o.pin)), { purpose: 'device-status' });
    print({ devices: outcome.devices }, () =>
      (outcome.devices ?? []).map((d) => `${d.serial}  ${d.status.padEnd(7)}  ${d.platform.padEnd(8)}  ${d.name}${d.serial === wallet.device.serial ? '  (this device)' : ''}`).join('\n'),
    );
  });

program
  .command('notifications')
  .description('what the platform pushed to this device (security notices, login requests)')
  .option('--after <id>', 'only those after this notification id', '0')
  .option('--wait <seconds>', 'wait up to this long (≤ 25 s) for one to arrive', '0')
  .option('--pin <pin>', 'the PIN that opens the device key, which signs the read (or THEQA_WALLET_PIN)')
  .action(async (o: { after: string; wait: string; pin?: string }) => {
    const wallet = await home().read();
    const platform = await client();
    const privateKey = await openDeviceKey(platform, wallet, pinOption(o.pin));
    const notifications = await readNotifications(platform, wallet, privateKey, o.after, Number(o.wait) || 0);
    print({ notifications }, () =>
      notifications.length ? notifications.map((n) => `${n.id}  ${n.sentAt}  ${n.payload.type}  ${n.payload.alert ? `${n.payload.alert.en} — ${n.payload.alert.ar}` : ''}`).join('\n') : 'no notifications',
    );
  });

program
  .command('approve')
  .description('approve (or deny) a login at a relying party, from its QR code or a pushed request')
  .option('--qr <payload>', 'the text of the QR code on the login page')
  .option('--pending', 'the newest login request pushed to this device')
  .option('--wait <seconds>', 'with --pending: wait up to this long for one to arrive', '10')
  .option('--code <XX>', 'the number the browser shows (one of the three the wallet shows)')
  .option('--pin <pin>', 'the PIN (or THEQA_WALLET_PIN)')
  .option('--deny', 'refuse the login')
  .action(async (o: { qr?: string; pending?: boolean; wait: string; code?: string; pin?: string; deny?: boolean }) => {
    if (!o.qr === !o.pending) throw new WalletError('give exactly one of --qr PAYLOAD and --pending', 'usage');
    const wallet = await home().read();
    const result = await approveLogin(await client(), wallet, {
      qr: o.qr,
      pendingWaitSeconds: o.pending ? Number(o.wait) || 0 : undefined,
      code: o.code,
      pin: pinOption(o.pin),
      deny: o.deny,
      show: (login) =>
        progress(
          [
            `${login.relying_party.en} — ${login.relying_party.ar} asks to log you in`,
            `data: ${login.claims.map((c) => c.en).join(', ') || '(none)'}`,
            `purpose: ${login.purpose.en} — ${login.purpose.ar}`,
            login.codes ? `numbers: ${login.codes.join('  ')}` : `binding message: ${login.binding_message}`,
          ].join('\n  '),
        ),
    });
    print(result, () => (result.status === 'approved' ? `login approved for ${result.relying_party.en} — تمت الموافقة على تسجيل الدخول` : `login denied (${result.denial}) — تم رفض تسجيل الدخول`));
  });

program
  .command('sign')
  .description("the signing requests of relying parties: list them (--pending), sign one by its code, or decline it")
  .option('--pending', "this device's pending signing requests (with --code: sign that one)")
  .option('--code <XXXX>', 'the 4-character code the relying party’s page shows; the wallet computes its own from what it signs')
  .option('--pin <pin>', 'the PIN (or THEQA_WALLET_PIN)')
  .option('--deny', 'decline the request')
  .action(async (o: { pending?: boolean; code?: string; pin?: string; deny?: boolean }) => {
    const wallet = await home().read();
    const platform = await client();
    if (o.code === undefined) {
      if (!o.pending) throw new WalletError('give --pending to list the signing requests, and --code XXXX to sign one', 'usage');
      if (o.deny) throw new WalletError('--deny needs the --code of the request to decline', 'usage');
      const requests = await listSigningRequests(platform, wallet, pinOption(o.pin));
      print(
        { requests: requests.map(({ id, relying_party, document, reason, code, level, expires_at }) => ({ id, relying_party, document, reason, code, level, expires_at })) },
        () =>
          requests.length
            ? requests
                .map((r) =>
                  [
                    `${r.code}  ${r.relying_party.en} — ${r.relying_party.ar}`,
                    `      ${r.document.name.en} — ${r.document.name.ar} (${r.document.pages} page${r.document.pages === 1 ? '' : 's'}, ${r.document.bytes} bytes)`,
                    ...(r.reason ? [`      reason: ${r.reason}`] : []),
                    `      ${r.level}, until ${r.expires_at}`,
                  ].join('\n'),
                )
                .join('\n')
            : 'no pending signing requests — لا توجد طلبات توقيع',
      );
      return;
    }
    const result = await answerSigningRequest(platform, wallet, { code: o.code, pin: pinOption(o.pin), deny: o.deny });
    print(result, () =>
      result.status === 'signed'
        ? `signed "${result.document.name.en}" for ${result.relying_party.en} — تم التوقيع`
        : `${result.status}: "${result.document.name.en}" for ${result.relying_party.en}${result.status === 'declined' ? ' — تم رفض التوقيع' : ''}`,
    );
  });

const pin = program.command('pin').description('change or reset the PIN');
pin
  .command('change')
  .requiredOption('--pin <pin>', 'the current PIN')
  .requiredOption('--new-pin <pin>', 'the new PIN')
  .action(async (o) => {
    const outcome = await changePin(await client(), home(), { pin: o.pin, newPin: o.newPin });
    print({ changed: true, identity: outcome.identity }, () => 'PIN changed — تم تغيير الرقم السري');
  });
pin
  .command('reset')
  .description('forgotten or blocked PIN: face match, SMS code, new PIN (and a new device key)')
  .requiredOption('--new-pin <pin>', 'the new PIN')
  .option('--selfie <file>', 'a PNG selfie (development: the registry photo)')
  .option('--otp <code>', 'the SMS code (development: read from the outbox)')
  .option('--phone <phone>', 'where to read the SMS code in development (default: the number given at registration)')
  .action(async (o) => {
    const result = await resetPin(await client(), home(), { newPin: o.newPin, selfie: o.selfie, otp: o.otp, phone: o.phone }, progress);
    print({ reset: true, step: result.step }, () => 'PIN reset; the PIN is unblocked — تمت إعادة تعيين الرقم السري');
  });

export async function runWallet(argv: string[]): Promise<number> {
  try {
    await program.parseAsync(argv, { from: 'user' });
    return 0;
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 || error.code === 'commander.helpDisplayed' ? 0 : 2;
    const known = error instanceof WalletError;
    const message = error instanceof Error ? error.message : String(error);
    const code = known ? error.code : 'unexpected';
    if (globals().json) process.stdout.write(JSON.stringify({ error: { code, message, ...(known ? error.details : {}) } }) + '\n');
    else process.stderr.write(`theqa wallet: ${message}\n`);
    return 1;
  }
}
