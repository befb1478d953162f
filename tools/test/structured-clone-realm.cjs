'use strict';
// Jest runs tests in a vm context whose `Object` and `Array` differ from the ones Node's own
// structuredClone builds its results with. oidc-provider checks cloned client metadata (JWKS) with
// `instanceof`/prototype tests and then rejects valid keys inside Jest only. Re-homing the plain
// objects and arrays of each clone into the test's realm makes Jest behave like Node here.
const nodeStructuredClone = globalThis.structuredClone;

function rehome(value) {
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return Array.from(value, rehome);
  const proto = Object.getPrototypeOf(value);
  if (proto === null || (proto.constructor && proto.constructor.name === 'Object' && proto !== Object.prototype)) {
    const out = {};
    for (const key of Object.keys(value)) out[key] = rehome(value[key]);
    return out;
  }
  if (proto === Object.prototype) {
    for (const key of Object.keys(value)) value[key] = rehome(value[key]);
  }
  return value;
}

if (typeof nodeStructuredClone === 'function') {
  globalThis.structuredClone = (value, options) => rehome(nodeStructuredClone(value, options));
}
