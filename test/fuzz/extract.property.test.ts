/**
 * Property-based tests (fast-check, seeded) of the Authorization header parser, src/koa/extract.ts: whatever
 * the header holds, it returns one non-empty, space-free token or throws a JwtKitError with a header code.
 */
import fc from 'fast-check';
import { isJwtKitError } from '../../src/errors';
import { extractToken } from '../../src/koa/extract';

/** Fixed, so a run is reproducible; fast-check prints the seed and the shrunk input of any failure. */
export const SEED = 20_241_010;
const RUNS = 10_000;
const HEADER_CODES = ['TOKEN_MISSING', 'HEADER_UNSUPPORTED_TYPE', 'HEADER_TOKEN_MISSING', 'HEADER_TOKEN_SPACES'];

const prefix = fc.constantFrom('Bearer', 'JWT', 'Token', '');
/** Any text, from the full unicode range, and text built from the pieces a header parser trips on. */
const header = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 300 }),
  fc
    .array(fc.constantFrom('Bearer', 'bearer', 'BEARER', 'JWT', 'Basic', ' ', '  ', '\t', '\n', '\u00a0', '\u2028', 'eyJ', '.', 'a', '=', ','), {
      maxLength: 12,
    })
    .map((parts) => parts.join('')),
);
/** A token as a client would send it: no whitespace of any kind, not empty. */
const token = fc.string({ unit: 'binary', minLength: 1, maxLength: 200 }).filter((t) => !/\s/.test(t));
/** Any upper/lower-case spelling of a scheme. */
const spelling = (scheme: string) =>
  fc.array(fc.boolean(), { minLength: scheme.length, maxLength: scheme.length }).map((upper) =>
    [...scheme].map((c, i) => (upper[i] ? c.toUpperCase() : c.toLowerCase())).join(''),
  );
const blanks = fc.string({ unit: fc.constantFrom(' ', '\t'), maxLength: 3 });

describe('extractToken (property-based)', () => {
  it(`returns one non-empty token without whitespace, or throws a header code (${RUNS} headers)`, () => {
    fc.assert(
      fc.property(header, prefix, (value, scheme) => {
        // Plain booleans, not expect(): tens of thousands of expect() calls would cost seconds.
        try {
          const found = extractToken(value, scheme);
          // Non-empty, space-free, taken from the header, and after the scheme when there is one.
          const schemeFirst = scheme === '' || value.trim().slice(0, scheme.length).toLowerCase() === scheme.toLowerCase();
          return found.length > 0 && !/\s/.test(found) && value.includes(found) && schemeFirst;
        } catch (error) {
          return isJwtKitError(error) && HEADER_CODES.includes(error.code);
        }
      }),
      { seed: SEED, numRuns: RUNS },
    );
  });

  it(`takes the token back out of "<scheme> <token>" in any case and spacing (${RUNS} headers)`, () => {
    fc.assert(
      fc.property(
        prefix.chain((scheme) => fc.tuple(fc.constant(scheme), spelling(scheme), token, blanks, blanks)),
        ([scheme, spelled, value, before, after]) => {
          const headerValue = scheme === '' ? `${before}${value}${after}` : `${before}${spelled} ${after}${value}${after}`;
          return extractToken(headerValue, scheme) === value;
        },
      ),
      { seed: SEED, numRuns: RUNS },
    );
  });

  it('never finds a token in a header of another scheme', () => {
    fc.assert(
      fc.property(fc.constantFrom('Basic', 'Digest', 'Negotiate', 'Bearer2', 'Bear'), token, (other, value) => {
        try {
          extractToken(`${other} ${value}`, 'Bearer');
          return false;
        } catch (error) {
          return isJwtKitError(error) && error.code === 'HEADER_UNSUPPORTED_TYPE';
        }
      }),
      { seed: SEED, numRuns: 2_000 },
    );
  });
});
