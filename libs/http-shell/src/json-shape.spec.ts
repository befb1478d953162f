import { ProblemException } from './problem-exception';
import { assertJsonShape } from './json-shape';
import { Problems } from './problem-types';

const nested = (depth: number): unknown => JSON.parse(`${'['.repeat(depth)}${']'.repeat(depth)}`);
const members = (count: number) => Object.fromEntries(Array.from({ length: count }, (_, i) => [`k${i}`, i]));
const refusal = (value: unknown, limits = { maxDepth: 4, maxMembers: 10 }) => {
  try {
    assertJsonShape(value, limits);
    return undefined;
  } catch (error) {
    expect(error).toBeInstanceOf(ProblemException);
    expect((error as ProblemException).problem).toBe(Problems.bodyTooComplex);
    return (error as ProblemException).detail;
  }
};

describe('assertJsonShape', () => {
  it('accepts what is within both bounds, scalars and empty containers included', () => {
    for (const value of [nested(4), members(10), [1, [2, [3]]], { a: { b: { c: {} } } }, 'text', 7, null, {}, []]) expect(refusal(value)).toBeUndefined();
  });

  it('refuses one level or one member too many, saying which', () => {
    expect(refusal(nested(5))).toMatch(/more than 4 levels/);
    expect(refusal(members(11))).toMatch(/more than 10 members/);
    expect(refusal({ a: members(5), b: [1, 2, 3, 4] })).toMatch(/more than 10 members/);
  });

  it('walks without recursion: 200,000 levels are refused, not a stack overflow', () => {
    expect(refusal(nested(200_000), { maxDepth: 32, maxMembers: 1_000 })).toMatch(/more than 32 levels/);
  });
});
