// Keys and tokens shared by every contender of a run, made here with node:crypto alone, so no contender
// signs the tokens it is measured verifying, and every contender of an algorithm sees the very same token.
const { createHmac, createPrivateKey, generateKeyPairSync, randomBytes, randomUUID, sign } = require('node:crypto');
const { mkdtempSync, rmSync, writeFileSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join } = require('node:path');

const b64 = (value) => Buffer.from(JSON.stringify(value)).toString('base64url');

/** The claims of a login token, in the order jwt-kit writes them, valid for an hour from now. */
function loginClaims(now = Math.floor(Date.now() / 1000)) {
  return { iat: now, nbf: now, exp: now + 3600, jti: randomUUID(), user_id: 1 };
}

function signJwt(alg, claims, key) {
  const input = `${b64({ alg, typ: 'JWT' })}.${b64(claims)}`;
  let signature;
  if (alg === 'HS256') signature = createHmac('sha256', key).update(input).digest();
  else if (alg === 'RS256') signature = sign('sha256', Buffer.from(input), createPrivateKey(key));
  else if (alg === 'ES256') signature = sign('sha256', Buffer.from(input), { key: createPrivateKey(key), dsaEncoding: 'ieee-p1363' });
  else throw new Error(`no signer for ${alg}`);
  return `${input}.${signature.toString('base64url')}`;
}

/** Makes the keys of a run and writes them to a private temp dir, which `cleanup()` removes. */
function makeKeys() {
  const pem = { publicKeyEncoding: { type: 'spki', format: 'pem' }, privateKeyEncoding: { type: 'pkcs8', format: 'pem' } };
  const rsa = generateKeyPairSync('rsa', { modulusLength: 2048, ...pem });
  const ec = generateKeyPairSync('ec', { namedCurve: 'P-256', ...pem });
  const secret = randomBytes(48).toString('base64url');
  const claims = loginClaims();
  const keys = {
    HS256: { secret, token: signJwt('HS256', claims, secret) },
    RS256: { privateKey: rsa.privateKey, publicKey: rsa.publicKey, token: signJwt('RS256', claims, rsa.privateKey) },
    ES256: { privateKey: ec.privateKey, publicKey: ec.publicKey, token: signJwt('ES256', claims, ec.privateKey) },
  };
  const dir = mkdtempSync(join(tmpdir(), 'jwt-kit-bench-'));
  const file = join(dir, 'keys.json');
  writeFileSync(file, JSON.stringify(keys), { mode: 0o600 });
  const secretFile = join(dir, 'secret.txt');
  writeFileSync(secretFile, `${secret}\n`, { mode: 0o600 });
  return { ...keys, dir, file, secretFile, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

module.exports = { makeKeys, signJwt, loginClaims };
