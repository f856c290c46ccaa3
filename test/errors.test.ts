/**
 * The closed error table of src/errors.ts and the JwtKitError contract (http-errors style: status, expose,
 * headers; a 5xx never shows its description).
 */
import { ERROR_CODES, EXIT, isJwtKitError, JwtKitError, type ErrorCode } from '../src';

const codes = Object.keys(ERROR_CODES) as ErrorCode[];

describe('ERROR_CODES', () => {
  it.each(codes)('%s has a status, a title, a description and an exit code', (code) => {
    const spec = ERROR_CODES[code];
    expect(Number.isInteger(spec.status)).toBe(true);
    expect(spec.status).toBeGreaterThanOrEqual(400);
    expect(spec.status).toBeLessThan(600);
    expect(spec.title).toMatch(/\S/);
    expect(spec.description).toMatch(/\S/);
    expect(Object.values(EXIT)).toContain(spec.exitCode);
    expect(spec.exitCode).not.toBe(EXIT.ok);
  });

  it('keeps the Flask-JWT titles and descriptions', () => {
    const pick = (code: ErrorCode) => [ERROR_CODES[code].status, ERROR_CODES[code].title, ERROR_CODES[code].description];
    expect(pick('TOKEN_MISSING')).toEqual([401, 'Authorization Required', 'Request does not contain an access token']);
    expect(pick('HEADER_UNSUPPORTED_TYPE')).toEqual([401, 'Invalid JWT header', 'Unsupported authorization type']);
    expect(pick('HEADER_TOKEN_MISSING')).toEqual([401, 'Invalid JWT header', 'Token missing']);
    expect(pick('HEADER_TOKEN_SPACES')).toEqual([401, 'Invalid JWT header', 'Token contains spaces']);
    expect(pick('TOKEN_EXPIRED')).toEqual([401, 'Invalid token', 'Signature has expired']);
    expect(pick('TOKEN_BAD_SIGNATURE')).toEqual([401, 'Invalid token', 'Signature verification failed']);
    expect(pick('USER_NOT_FOUND')).toEqual([401, 'Invalid JWT', 'User does not exist']);
    expect(pick('INVALID_CREDENTIALS')).toEqual([401, 'Bad Request', 'Invalid credentials']);
  });

  it('gives every token and header failure the "Invalid token" or "Invalid JWT header" title and exit code 1', () => {
    for (const code of codes.filter((c) => c.startsWith('TOKEN_') && c !== 'TOKEN_MISSING')) {
      expect([code, ERROR_CODES[code].status, ERROR_CODES[code].title, ERROR_CODES[code].exitCode]).toEqual([code, 401, 'Invalid token', EXIT.failure]);
    }
    for (const code of codes.filter((c) => c.startsWith('HEADER_'))) {
      expect(ERROR_CODES[code].title).toBe('Invalid JWT header');
    }
  });

  it('maps config problems to the config exit code', () => {
    for (const code of ['CONFIG_NOT_FOUND', 'CONFIG_LOAD_FAILED', 'CONFIG_INVALID'] as const) {
      expect(ERROR_CODES[code]).toMatchObject({ status: 500, exitCode: EXIT.config });
    }
  });

  it('has the documented exit codes', () => {
    expect(EXIT).toEqual({ ok: 0, failure: 1, usage: 2, config: 3, internal: 4 });
    expect(ERROR_CODES.HANDLER_FAILED).toEqual({
      status: 500,
      title: 'Internal Server Error',
      description: 'A handler failed',
      exitCode: EXIT.internal,
    });
  });
});

describe('JwtKitError', () => {
  it.each(codes)('%s: expose is false exactly for 5xx, and toJSON follows the table', (code) => {
    const error = new JwtKitError(code, 'detail that may be private');
    const spec = ERROR_CODES[code];
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe('JwtKitError');
    expect([error.code, error.status, error.title, error.exitCode]).toEqual([code, spec.status, spec.title, spec.exitCode]);
    expect(error.expose).toBe(spec.status < 500);
    const body = error.toJSON();
    expect(body).toEqual({
      status_code: spec.status,
      error: spec.title,
      description: spec.status >= 500 ? spec.description : 'detail that may be private',
      code,
    });
    if (spec.status >= 500) expect(JSON.stringify(error)).not.toContain('private');
  });

  it('uses the table description when given none', () => {
    const error = new JwtKitError('TOKEN_EXPIRED');
    expect(error.message).toBe('Signature has expired');
    expect(error.description).toBe('Signature has expired');
  });

  it('keeps cause, headers and details', () => {
    const cause = new Error('root');
    const error = new JwtKitError('CONFIG_INVALID', 'config: /a; /b', {
      cause,
      headers: { 'X-A': '1' },
      details: ['/a', '/b'],
    });
    expect(error.cause).toBe(cause);
    expect(error.headers).toEqual({ 'X-A': '1' });
    expect(error.details).toEqual(['/a', '/b']);
    expect(new JwtKitError('TOKEN_MISSING').cause).toBeUndefined();
    expect(new JwtKitError('TOKEN_MISSING').details).toEqual([]);
  });

  it('does not share its headers object with the caller', () => {
    const headers = { 'X-A': '1' };
    const error = new JwtKitError('TOKEN_MISSING', undefined, { headers });
    error.headers['X-B'] = '2';
    expect(headers).toEqual({ 'X-A': '1' });
  });

  it('isJwtKitError recognises ours and look-alikes from another copy, nothing else', () => {
    expect(isJwtKitError(new JwtKitError('TOKEN_MISSING'))).toBe(true);
    const foreign = Object.assign(new Error('x'), { name: 'JwtKitError', code: 'TOKEN_MISSING' });
    expect(isJwtKitError(foreign)).toBe(true);
    expect(isJwtKitError(new Error('x'))).toBe(false);
    expect(isJwtKitError({ name: 'JwtKitError', code: 'TOKEN_MISSING' })).toBe(false);
    expect(isJwtKitError(null)).toBe(false);
  });
});
