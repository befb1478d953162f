/**
 * What the upload form may be: one file no larger than the signing service accepts, and a few short
 * fields. The whole body is refused before it is read when its declared length exceeds the file's
 * limit and the fields' allowance; multer applies the file's own limit while the body streams in.
 */
const FIELDS_ALLOWANCE_BYTES = 64 * 1024;
const FIELD_BYTES = 8 * 1024;

export function signUploadLimit(maxDocumentBytes: number): number {
  return maxDocumentBytes + FIELDS_ALLOWANCE_BYTES;
}

/** multer's limits (in memory, no `dest`): csrf, two names, the reason, the file. */
export function signUploadParserLimits(maxDocumentBytes: number) {
  return { fileSize: maxDocumentBytes, files: 1, fields: 6, fieldSize: FIELD_BYTES, parts: 8 };
}
