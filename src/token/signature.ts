/**
 * Checks a signature once, against the prepared `KeyObject`, through jwa: the signing layer under jws, which
 * jsonwebtoken itself uses. It is fed the signing input and signature the decoder already split out, so the
 * token is never decoded a second time.
 */
import jwa from 'jwa';
import type { Algorithm, ResolvedKey } from '../config/types';
import { translateSignatureError } from './translate';
import { JwtKitError } from '../errors';

const algorithms = new Map<Algorithm, ReturnType<typeof jwa>>();
const algorithmOf = (name: Algorithm) => {
  let found = algorithms.get(name);
  if (!found) algorithms.set(name, (found = jwa(name)));
  return found;
};

/** Throws `TOKEN_BAD_SIGNATURE` unless `signature` is `key`'s signature of `signingInput`. */
export function checkSignature(key: ResolvedKey, signingInput: string, signature: string): void {
  let valid: boolean;
  try {
    valid = algorithmOf(key.algorithm).verify(signingInput, signature, key.verifying);
  } catch (error) {
    throw translateSignatureError(error);
  }
  if (!valid) throw new JwtKitError('TOKEN_BAD_SIGNATURE');
}
