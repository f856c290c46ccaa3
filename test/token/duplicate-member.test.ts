/**
 * The duplicate member scanner (src/token/duplicate-member.ts) alone, against a reference made from JSON.parse
 * with a reviver-free count, and through the decoder: a repeated name anywhere in a header or payload is
 * TOKEN_MALFORMED (RFC 7515 section 5.2, RFC 7519 section 4), where JSON.parse alone would keep the last.
 */
import fc from 'fast-check';
import { decodeToken } from '../../src';
import { findDuplicateMember } from '../../src/token/duplicate-member';
import { thrownBy } from '../helpers/thrown';
import { b64url } from '../helpers/forge';

describe('findDuplicateMember', () => {
  it.each([
    ['{}', undefined],
    ['[]', undefined],
    ['{"a":1,"b":2}', undefined],
    ['{"a":1,"a":2}', 'a'],
    ['{"alg":"HS256","typ":"JWT","alg":"none"}', 'alg'],
    ['{"a":{"b":1},"c":{"b":2}}', undefined],
    ['{"a":{"b":1,"b":2}}', 'b'],
    ['{"a":[{"x":1},{"x":2}]}', undefined],
    ['{"a":[{"x":1,"x":2}]}', 'x'],
    ['{"a":"\\"a\\"","a":1}', 'a'],
    ['{"a":1,"\\u0061":2}', 'a'],
    ['{"\\\\":1,"\\\\":2}', '\\'],
    ['{"a":"{\\"a\\":1}","b":"[,\\"a\\"]"}', undefined],
    ['{"a,":1,"a":2}', undefined],
    [' { "a" : 1 , "a" : 2 } ', 'a'],
    ['{"__proto__":1,"__proto__":2}', '__proto__'],
    ['{"x":[1,{"y":[],"y":0}]}', 'y'],
    ['{"a":[1,2],"a":3}', 'a'],
    ['{"":1,"":2}', ''],
  ])('%s -> %j', (text, expected) => {
    const parsed: unknown = JSON.parse(text); // every case is valid JSON, as the decoder guarantees before it scans
    expect(findDuplicateMember(text)).toBe(expected);
    // With the parsed value, the count that clears a text without repeats, then the scan when it does not.
    expect(findDuplicateMember(text, parsed)).toBe(expected);
  });

  // Reference: the names of each object, read with a parser that keeps every pair (a reviver cannot see them).
  it('agrees with a counting reference on 3,000 generated JSON texts with and without repeated names', () => {
    const name = fc.constantFrom('a', 'b', 'alg', '\u0061', 'a"', '\\', ',', '{', '}', ':', 'é', '');
    const value: fc.Arbitrary<unknown> = fc.letrec<{ v: unknown }>((tie) => ({
      v: fc.oneof(
        { depthSize: 'small', withCrossShrink: true },
        fc.oneof(fc.integer(), fc.string({ maxLength: 6 }), fc.constant(null), fc.boolean()),
        fc.array(tie('v'), { maxLength: 3 }),
        fc.array(fc.tuple(name, tie('v')), { maxLength: 4 }).map((pairs) => ({ pairs })),
      ),
    })).v;
    // Writes an object as its list of pairs, repeats kept, with random escaping of names and whitespace before
    // and after each colon and comma, taken in turn from `spaces` (JSON allows it; the count must look past it,
    // including where one name has some and its repeat has none).
    const write = (v: unknown, escape: boolean, spaces: string[] = ['']): string => {
      let turn = 0;
      const space = () => spaces[(turn += 1) % spaces.length] as string;
      const text = (x: unknown): string => {
        if (Array.isArray(x)) return `[${x.map((item) => `${text(item)}${space()}`).join(`,${space()}`)}]`;
        if (x !== null && typeof x === 'object' && 'pairs' in (x as object)) {
          const pairs = (x as { pairs: Array<[string, unknown]> }).pairs;
          const key = (k: string) => (escape ? `"${[...k].map((c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`).join('')}"` : JSON.stringify(k));
          return `{${pairs.map(([k, item]) => `${key(k)}${space()}:${space()}${text(item)}${space()}`).join(`,${space()}`)}}`;
        }
        return JSON.stringify(x);
      };
      return text(v);
    };
    const firstRepeat = (v: unknown): string | undefined => {
      if (Array.isArray(v)) {
        for (const x of v) {
          const found = firstRepeat(x);
          if (found !== undefined) return found;
        }
        return undefined;
      }
      if (v === null || typeof v !== 'object' || !('pairs' in (v as object))) return undefined;
      const seen = new Set<string>();
      for (const [k, x] of (v as { pairs: Array<[string, unknown]> }).pairs) {
        // Document order: a repeat in an earlier member's value comes before a later repeat of this object.
        if (seen.has(k)) return k;
        seen.add(k);
        const inner = firstRepeat(x);
        if (inner !== undefined) return inner;
      }
      return undefined;
    };
    fc.assert(
      fc.property(value, fc.boolean(), fc.array(fc.constantFrom('', ' ', '\n\t', '\r\n '), { minLength: 1, maxLength: 5 }), (v, escape, spaces) => {
        const text = write(v, escape, spaces);
        const expected = firstRepeat(v);
        return findDuplicateMember(text) === expected && findDuplicateMember(text, JSON.parse(text)) === expected;
      }),
      { seed: 7_515_052, numRuns: 3_000 },
    );
  });
});

describe('decodeToken and duplicate member names', () => {
  const sig = 'c2ln';
  it.each([
    ['header', `${b64url('{"alg":"HS256","alg":"none"}')}.${b64url('{}')}.${sig}`, 'the header has the member "alg" twice'],
    ['payload', `${b64url('{"alg":"HS256"}')}.${b64url('{"sub":"alice","sub":"admin"}')}.${sig}`, 'the payload has the member "sub" twice'],
    ['nested payload member', `${b64url('{"alg":"HS256"}')}.${b64url('{"scope":{"admin":false,"admin":true}}')}.${sig}`, 'the payload has the member "admin" twice'],
    ['escaped repeat', `${b64url('{"alg":"HS256"}')}.${b64url('{"exp":1,"\\u0065xp":9999999999}')}.${sig}`, 'the payload has the member "exp" twice'],
  ])('refuses a repeated name in the %s', (_where, token, reason) => {
    const error = thrownBy(() => decodeToken(token));
    expect([error.code, error.description]).toEqual(['TOKEN_MALFORMED', `Malformed token: ${reason}`]);
  });

  // JSON.parse reads any depth; the duplicate check must too, or such a token would be a 500, not a 401.
  it('reads a payload nested 20,000 deep without overflowing the stack, repeat or not', () => {
    const depth = 20_000;
    const deep = (inner: string) => `{"a":${'['.repeat(depth)}${inner}${']'.repeat(depth)}}`;
    const plain = `${b64url('{"alg":"HS256"}')}.${b64url(deep('{"b":1}'))}.${sig}`;
    expect(decodeToken(plain).payload).toHaveProperty('a');
    const repeated = `${b64url('{"alg":"HS256"}')}.${b64url(deep('{"b":1,"b":2}'))}.${sig}`;
    expect(thrownBy(() => decodeToken(repeated)).description).toBe('Malformed token: the payload has the member "b" twice');
    const objects = `{${'"o":{'.repeat(depth)}"x":1,"x":2${'}'.repeat(depth)}}`;
    expect(findDuplicateMember(objects, JSON.parse(objects))).toBe('x');
  });

  it('cuts a long repeated name short in the reason', () => {
    const name = 'n'.repeat(100);
    const error = thrownBy(() => decodeToken(`${b64url('{"alg":"HS256"}')}.${b64url(`{"${name}":1,"${name}":2}`)}.${sig}`));
    expect(error.description).toBe(`Malformed token: the payload has the member "${'n'.repeat(35)}..." twice`);
  });
});
