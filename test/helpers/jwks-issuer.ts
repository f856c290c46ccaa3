/**
 * A stand-in issuer for the remote JWKS tests: a real HTTP server on a loopback port (port 0) that answers
 * whatever JWKS the test sets, counts the requests it gets, and can answer errors. Keys are generated here
 * and tokens signed with jsonwebtoken directly, so nothing of src/ takes part on the issuer's side.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import jwt from 'jsonwebtoken';

export interface Issuer {
  url: string;
  /** Requests received so far. */
  readonly requests: number;
  /** What the next requests get: a body (object or raw text), a status, headers. */
  answer(next: { body?: unknown; status?: number; headers?: Record<string, string> }): void;
  close(): Promise<void>;
}

export async function startIssuer(initial: unknown): Promise<Issuer> {
  let current: { body?: unknown; status?: number; headers?: Record<string, string> } = { body: initial };
  let requests = 0;
  const server: Server = createServer((_req, res) => {
    requests += 1;
    const body = typeof current.body === 'string' ? current.body : JSON.stringify(current.body);
    res.writeHead(current.status ?? 200, { 'content-type': 'application/json', ...current.headers });
    res.end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/.well-known/jwks.json`,
    get requests() {
      return requests;
    },
    answer(next) {
      current = next;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

export interface TestKey {
  kid: string;
  privateKey: KeyObject;
  /** The public JWK as an issuer publishes it. */
  jwk: Record<string, unknown>;
}

export function ecKey(kid: string, extra: Record<string, unknown> = {}): TestKey {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  return { kid, privateKey, jwk: { ...publicKey.export({ format: 'jwk' }), kid, alg: 'ES256', use: 'sig', ...extra } };
}

export function rsaKey(kid: string, extra: Record<string, unknown> = {}): TestKey {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return { kid, privateKey, jwk: { ...publicKey.export({ format: 'jwk' }), kid, use: 'sig', ...extra } };
}

/** A token signed by `key` with `alg`, its kid in the header unless `kid` says otherwise (null: none). */
export function signWith(key: TestKey, claims: Record<string, unknown>, alg: jwt.Algorithm = 'ES256', kid: string | null = key.kid): string {
  return jwt.sign(claims, key.privateKey, { algorithm: alg, ...(kid !== null && { keyid: kid }) });
}
