// PAdES signatures: an append-only PDF writer, two-phase remote signing (prepare → the device or key
// store signs → complete), time-stamps and long-term validation data, visible appearances, validation.
export {};
