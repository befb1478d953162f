import type { ProblemType } from './problem-types';

/** Extension members of a problem document (RFC 9457 §3.2): plain data, never an error object. */
export type ProblemExtensions = Record<string, unknown>;

/** Thrown anywhere in a request to answer with a given problem type. */
export class ProblemException extends Error {
  constructor(
    readonly problem: ProblemType,
    readonly detail?: string,
    readonly extensions: ProblemExtensions = {},
  ) {
    super(detail ?? problem.title.en);
    this.name = 'ProblemException';
  }
}

/** One invalid field of a request, named by its path in the body, query or form. */
export interface FieldError {
  field: string;
  message: string;
}
