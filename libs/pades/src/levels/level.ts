/** The PAdES baseline levels (ETSI EN 319 142-1 §6) and what each adds to the one below. */
export const PADES_LEVELS = ['B-B', 'B-T', 'B-LT', 'B-LTA'] as const;
export type PadesLevel = (typeof PADES_LEVELS)[number];

export const DEFAULT_LEVEL: PadesLevel = 'B-LT';

export const isPadesLevel = (value: unknown): value is PadesLevel => typeof value === 'string' && (PADES_LEVELS as readonly string[]).includes(value);

/** B-T and above: a signature time-stamp over the signature value. */
export const hasSignatureTimeStamp = (level: PadesLevel) => level !== 'B-B';
/** B-LT and above: the validation data in the document's DSS. */
export const hasValidationData = (level: PadesLevel) => level === 'B-LT' || level === 'B-LTA';
/** B-LTA: a document time-stamp over all of it. */
export const hasDocumentTimeStamp = (level: PadesLevel) => level === 'B-LTA';
