'use strict';
// Test support: tampers with a card token's PIN try counter from outside the card app, as someone with
// the token (and a generic PKCS#11 tool) could. Usage: node card-counter-tamper.cjs <module> <token label> edit|delete
// (SOFTHSM2_CONF from the environment). `edit` puts back the counter with its failures byte cleared and
// the old MAC; `delete` removes it.
const { Module, ObjectClass, SessionFlag } = require('graphene-pk11');

const [library, label, action] = process.argv.slice(2);
const pkcs11 = Module.load(library);
pkcs11.initialize();
try {
  const slots = pkcs11.getSlots(true);
  let slot;
  for (let i = 0; i < slots.length; i++) if (slots.items(i).getToken().label === label) slot = slots.items(i);
  if (!slot) throw new Error(`no token ${label}`);
  const session = slot.open(SessionFlag.SERIAL_SESSION | SessionFlag.RW_SESSION);
  const found = session.find({ class: ObjectClass.DATA, label: 'pin-try-counter' });
  if (found.length !== 1) throw new Error(`${found.length} counters`);
  const counter = found.items(0);
  const { value, application } = counter.getAttribute({ value: null, application: null });
  counter.destroy();
  if (action === 'edit') {
    const edited = Buffer.from(value);
    edited[8] = 0; // failures (after 'TQC1' and the 4-byte generation)
    session.create({ class: ObjectClass.DATA, label: 'pin-try-counter', application, token: true, private: false, value: edited });
  }
  session.close();
} finally {
  pkcs11.finalize();
  pkcs11.close();
}
