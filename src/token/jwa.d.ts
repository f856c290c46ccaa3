// The few members of jwa (jsonwebtoken's own signing layer, through jws) that src/token/signature.ts uses.
declare module 'jwa' {
  import type { KeyObject } from 'node:crypto';
  interface Jwa {
    sign(input: string, key: KeyObject): string;
    verify(input: string, signature: string, key: KeyObject): boolean;
  }
  function jwa(algorithm: string): Jwa;
  export = jwa;
}
