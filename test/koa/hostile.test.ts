/**
 * A table of hostile requests through HTTP: each row is an input, the status and the code it must get, and
 * for a 401 the RFC 6750 error of its challenge. (The forged-token table of RFC 8725 and the jsonwebtoken,
 * jose and fast-jwt advisories comes with the token-layer rewrite.)
 */
import { baseConfig, login, makeApp, SECRET, T } from '../helpers/app';
import { forge } from '../helpers/forge';

const long = (n: number) => 'x'.repeat(n);

type HeaderRow = [name: string, header: string | ((token: string) => string), status: number, code: string, bearerError: string | null];
const HEADERS: HeaderRow[] = [
  ['no scheme, a bare word', 'token', 401, 'HEADER_UNSUPPORTED_TYPE', null],
  ['Basic credentials', 'Basic am9lOnBhc3M=', 401, 'HEADER_UNSUPPORTED_TYPE', null],
  ['Digest', 'Digest username="joe"', 401, 'HEADER_UNSUPPORTED_TYPE', null],
  ['a scheme glued to the token', 'BearereyJhbGciOiJIUzI1NiJ9.e30.x', 401, 'HEADER_UNSUPPORTED_TYPE', null],
  ['the scheme alone', 'Bearer', 401, 'HEADER_TOKEN_MISSING', 'invalid_request'],
  ['the scheme and a tab', 'Bearer\t', 401, 'HEADER_TOKEN_MISSING', 'invalid_request'],
  ['two tokens', (t) => `Bearer ${t} ${t}`, 401, 'HEADER_TOKEN_SPACES', 'invalid_request'],
  ['two schemes', (t) => `Bearer Bearer ${t}`, 401, 'HEADER_TOKEN_SPACES', 'invalid_request'],
  ['a comma list of credentials', (t) => `Bearer ${t}, Basic abc`, 401, 'HEADER_TOKEN_SPACES', 'invalid_request'],
  ['whitespace only', '   ', 401, 'TOKEN_MISSING', null],
  ['garbage token', 'Bearer not-a-jwt', 401, 'TOKEN_MALFORMED', 'invalid_token'],
  ['empty parts', 'Bearer ..', 401, 'TOKEN_MALFORMED', 'invalid_token'],
  ['four parts', 'Bearer a.b.c.d', 401, 'TOKEN_MALFORMED', 'invalid_token'],
  ['a header that is not JSON', 'Bearer bm90IGpzb24.e30.c2ln', 401, 'TOKEN_MALFORMED', 'invalid_token'],
  ['alg none, unsigned', `Bearer ${Buffer.from('{"alg":"none","typ":"JWT"}').toString('base64url')}.${Buffer.from(`{"user_id":1,"exp":${T + 60}}`).toString('base64url')}.`, 401, 'TOKEN_ALGORITHM_NOT_ALLOWED', 'invalid_token'],
  ['another secret', () => `Bearer ${forge({ user_id: 1, iat: T, nbf: T, exp: T + 60 }, 'another-secret-of-enough-length-0123456789')}`, 401, 'TOKEN_BAD_SIGNATURE', 'invalid_token'],
  ['our secret, a user that does not exist', () => `Bearer ${forge({ user_id: 99, iat: T, nbf: T, exp: T + 60 }, SECRET)}`, 401, 'USER_NOT_FOUND', 'invalid_token'],
  ['a 4 KiB token', `Bearer ${long(4096)}`, 401, 'TOKEN_MALFORMED', 'invalid_token'],
  ['latin-1 bytes', 'Bearer \u00ff\u00fe.\u00e9.x', 401, 'TOKEN_MALFORMED', 'invalid_token'],
  ['the right token in lower-case scheme', (t) => `bearer ${t}`, 200, '', null],
];

describe('hostile Authorization headers', () => {
  it.each(HEADERS)('%s: %p -> %i %s', async (_name, header, status, code, bearerError) => {
    const { http } = makeApp();
    const token = await login(http);
    const res = await http.get('/protected').set('Authorization', typeof header === 'function' ? header(token) : header);
    expect(res.status).toBe(status);
    if (status === 200) return;
    expect(res.body.code).toBe(code);
    const challenge = res.headers['www-authenticate'] as string;
    expect(challenge.startsWith('Bearer realm="Login Required"')).toBe(true);
    expect(/error="([a-z_]+)"/.exec(challenge)?.[1] ?? null).toBe(bearerError);
    // Never library text: the description is the table's, and nothing in the body names jsonwebtoken's errors.
    expect(JSON.stringify(res.body)).not.toMatch(/jwt malformed|invalid signature|JsonWebTokenError|Unexpected token/);
  });
});

type BodyRow = [name: string, contentType: string, body: string, status: number, code: string];
const json = 'application/json';
const BODIES: BodyRow[] = [
  ['the right credentials', json, '{"username":"joe","password":"pass"}', 200, ''],
  ['a wrong password', json, '{"username":"joe","password":"nope"}', 401, 'INVALID_CREDENTIALS'],
  ['email where username is expected', json, '{"email":"joe","password":"pass"}', 400, 'LOGIN_FIELDS_INVALID'],
  ['user / pass short names', json, '{"user":"joe","pass":"pass"}', 400, 'LOGIN_FIELDS_INVALID'],
  ['numbers', json, '{"username":1,"password":2}', 400, 'LOGIN_FIELDS_INVALID'],
  ['a NoSQL operator', json, '{"username":"joe","password":{"$ne":null}}', 400, 'LOGIN_FIELDS_INVALID'],
  ['arrays', json, '{"username":["joe"],"password":["pass"]}', 400, 'LOGIN_FIELDS_INVALID'],
  ['booleans', json, '{"username":true,"password":true}', 400, 'LOGIN_FIELDS_INVALID'],
  ['empty strings', json, '{"username":"","password":""}', 400, 'LOGIN_FIELDS_INVALID'],
  ['__proto__ carrying the credentials', json, '{"__proto__":{"username":"joe","password":"pass"}}', 400, 'LOGIN_FIELDS_INVALID'],
  ['constructor.prototype carrying them', json, '{"constructor":{"prototype":{"username":"joe","password":"pass"}}}', 400, 'LOGIN_FIELDS_INVALID'],
  ['a duplicate key (the last wins, as in JSON.parse)', json, '{"username":"joe","password":"nope","password":"pass"}', 200, ''],
  ['a 1025-byte password', json, `{"username":"joe","password":"${long(1025)}"}`, 400, 'LOGIN_FIELD_TOO_LONG'],
  ['a 1025-byte username', json, `{"username":"${long(1025)}","password":"pass"}`, 400, 'LOGIN_FIELD_TOO_LONG'],
  ['a body over 16 KiB', json, `{"username":"joe","password":"pass","pad":"${long(16 * 1024)}"}`, 413, 'LOGIN_BODY_TOO_LARGE'],
  ['a JSON array', json, '["joe","pass"]', 400, 'LOGIN_BODY_INVALID'],
  ['JSON null', json, 'null', 400, 'LOGIN_BODY_INVALID'],
  ['broken JSON', json, '{"username":"joe",', 400, 'LOGIN_BODY_INVALID'],
  ['a lone surrogate escape', json, '{"username":"\\ud800","password":"pass"}', 401, 'INVALID_CREDENTIALS'],
  ['a form body', 'application/x-www-form-urlencoded', 'username=joe&password=pass', 415, 'LOGIN_UNSUPPORTED_MEDIA_TYPE'],
  ['text/plain JSON', 'text/plain', '{"username":"joe","password":"pass"}', 415, 'LOGIN_UNSUPPORTED_MEDIA_TYPE'],
  ['JSON in latin-1', 'application/json; charset=latin1', '{"username":"joe","password":"pass"}', 415, 'LOGIN_UNSUPPORTED_MEDIA_TYPE'],
];

describe('hostile login bodies', () => {
  it.each(BODIES)('%s (%s) -> %i %s', async (_name, contentType, body, status, code) => {
    const { http, errors } = makeApp(baseConfig());
    const res = await http.post('/auth').set('Content-Type', contentType).send(body);
    expect(res.status).toBe(status);
    expect(res.body.code).toBe(code === '' ? undefined : code);
    expect(res.headers['cache-control']).toBe('no-store');
    if (status === 401) expect(res.headers['www-authenticate']).toBe('Bearer realm="Login Required"');
    expect(errors).toEqual([]);
  });
});
