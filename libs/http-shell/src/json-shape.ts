import { ProblemException } from './problem-exception';
import { Problems } from './problem-types';

/**
 * How much structure a JSON body may have. Parsing a megabyte is cheap; what comes after it is not:
 * validation walks every member (50,000 unknown keys cost the validation pipe seconds) and recursion
 * over thousands of nested levels overflows the stack. Every body the platform accepts is far inside
 * these bounds, so a body beyond them is refused before anything walks it.
 */
export interface JsonShapeLimits {
  /** Objects and arrays inside one another, the outermost counting as 1. */
  maxDepth: number;
  /** Object members and array elements, at every level together. */
  maxMembers: number;
}

export const JSON_SHAPE_LIMITS: JsonShapeLimits = { maxDepth: 32, maxMembers: 1_000 };

/**
 * Throws a 400 `body-too-complex` problem when a parsed body exceeds the limits. The walk is
 * iterative and stops at the first excess, so it costs at most `maxMembers` steps whatever it is given.
 */
export function assertJsonShape(value: unknown, limits: JsonShapeLimits = JSON_SHAPE_LIMITS): void {
  let members = 0;
  const pending: Array<{ node: object; depth: number }> = isContainer(value) ? [{ node: value, depth: 1 }] : [];
  for (let next = pending.pop(); next; next = pending.pop()) {
    if (next.depth > limits.maxDepth) throw tooComplex(`The JSON body is nested more than ${limits.maxDepth} levels deep.`);
    const children: unknown[] = Array.isArray(next.node) ? next.node : Object.values(next.node);
    members += children.length;
    if (members > limits.maxMembers) throw tooComplex(`The JSON body has more than ${limits.maxMembers} members.`);
    for (const child of children) if (isContainer(child)) pending.push({ node: child, depth: next.depth + 1 });
  }
}

const isContainer = (value: unknown): value is object => typeof value === 'object' && value !== null;
const tooComplex = (detail: string) => new ProblemException(Problems.bodyTooComplex, detail);
