/**
 * Validation and resolution of a config: fixtures under test/fixtures/configs/, every problem in one error with
 * its JSON path and the file's name, the schema's defaults filled, durations in seconds, the secret's rules.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { resolveConfig, validateConfig, JwtKitError, EXIT, type ResolvedConfig } from '../../src/index';

const FIXTURES = join(__dirname, '..', 'fixtures', 'configs');
const SECRET = '0123456789abcdef0123456789abcdef'; // 32 bytes: the HS256 floor
const HS384_SECRET = `${SECRET}0123456789abcdef`; // 48 bytes: the HS384 floor (every-option.json is HS384)
const ALGORITHMS = 'HS256, HS384, HS512, RS256, RS384, RS512, PS256, PS384, PS512, ES256, ES384, ES512';
const DURATION_HINT = 'must be whole seconds or a duration such as "30s", "5m", "12h", "7d"';

function fixture(name: string): { path: string; config: unknown } {
  const path = join(FIXTURES, name);
  return { path, config: JSON.parse(readFileSync(path, 'utf8')) as unknown };
}

/** The CONFIG_INVALID error that resolving `config` throws. */
function problemsOf(config: unknown, options: Parameters<typeof resolveConfig>[1] = {}): JwtKitError {
  try {
    resolveConfig(config, options);
  } catch (error) {
    expect(error).toBeInstanceOf(JwtKitError);
    expect((error as JwtKitError).code).toBe('CONFIG_INVALID');
    expect((error as JwtKitError).exitCode).toBe(EXIT.config);
    return error as JwtKitError;
  }
  throw new Error(`expected ${JSON.stringify(config)} to be refused`);
}

describe('valid fixtures', () => {
  const names = readdirSync(join(FIXTURES, 'valid'));
  it('has fixtures to check', () => expect(names.length).toBeGreaterThanOrEqual(3));

  it.each(names)('valid/%s resolves', (name) => {
    const { path, config } = fixture(join('valid', name));
    const resolved = resolveConfig(config, { filepath: path, env: { FIXTURE_SECRET: HS384_SECRET } });
    expect(resolved.filepath).toBe(path);
    expect(resolved.keys[0]!.verifying.type).toBe('secret');
  });

  it('every-option.json: each option is taken as written, durations in seconds', () => {
    const { path, config } = fixture('valid/every-option.json');
    const resolved = resolveConfig(config, { filepath: path, env: { FIXTURE_SECRET: HS384_SECRET } });
    const { keys, handlers, refresh: { keys: refreshKeys, ...refresh }, ...rest } = resolved;
    expect(handlers).toEqual({});
    expect(keys[0]!.verifying.export().toString()).toBe(HS384_SECRET);
    // Refresh tokens use the access tokens' keys when they have none of their own.
    expect(refreshKeys).toBe(keys);
    expect(refresh).toEqual({ enabled: true, path: '/login/renew', field: 'renew', expirationDelta: 604_800, sessionLifetime: 2_592_000 });
    expect(rest).toEqual({
      algorithm: 'HS384',
      realm: 'Members',
      authPath: '/login',
      authEndpoint: 'login',
      usernameField: 'email',
      passwordField: 'pw',
      headerName: 'X-Token',
      headerPrefix: 'JWT',
      maxTokenBytes: 4096,
      verify: true,
      verifyExpiration: true,
      leeway: 30,
      expirationDelta: 7200,
      notBeforeDelta: 5,
      requiredClaims: ['exp'],
      audience: ['api', 'web'],
      issuer: 'https://issuer.example.com',
      // HS384 cannot be published: the endpoint stays at its default, off.
      jwks: { path: null, maxAge: 300 },
      cors: { enabled: true, origins: ['https://app.example.com', 'http://localhost:5173'], credentials: true, maxAge: 86_400 },
      logout: { enabled: true, path: '/login/bye' },
      revocation: true,
      cache: { enabled: true, maxEntries: 250 },
      store: { type: 'memory', maxEntries: 500 },
      loginThrottle: { enabled: true, usernameLimit: 3, usernameWindow: 3600, addressLimit: 50, addressWindow: 600, trustedProxyHops: 1, onStoreUnavailable: 'open' },
      tokenLocations: ['cookie', 'header', 'query'],
      cookie: {
        name: '__Host-session',
        csrf: true,
        csrfCookieName: '__Host-csrf',
        csrfHeaderName: 'X-XSRF-Token',
        secure: true,
        sameSite: 'Strict',
        path: '/',
      },
      queryParameter: 'jwt',
      rolesClaim: 'https://example.com/roles',
      playground: true,
      filepath: path,
    });
  });

  it('login-route-off.json: null turns the login route off and an empty prefix is allowed', () => {
    const { config } = fixture('valid/login-route-off.json');
    const resolved = resolveConfig(config);
    expect(resolved.authPath).toBeNull();
    expect(resolved.headerPrefix).toBe('');
  });

  it('does not change the object it is given', () => {
    const config = { secret: SECRET, cors: { enabled: true } };
    resolveConfig(config);
    expect(config).toEqual({ secret: SECRET, cors: { enabled: true } });
  });
});

describe('defaults (Flask-JWT values)', () => {
  let resolved: ResolvedConfig;
  beforeAll(() => {
    resolved = resolveConfig({ secret: SECRET });
  });

  it.each([
    ['realm', 'Login Required'],
    ['authPath', '/auth'],
    ['authEndpoint', 'jwt'],
    ['algorithm', 'HS256'],
    ['verify', true],
    ['verifyExpiration', true],
    ['leeway', 0],
    ['expirationDelta', 300],
    ['notBeforeDelta', 0],
    ['usernameField', 'username'],
    ['passwordField', 'password'],
    ['headerName', 'Authorization'],
    ['headerPrefix', 'Bearer'],
    ['maxTokenBytes', 8192],
    ['requiredClaims', ['exp', 'iat', 'nbf']],
  ] as const)('%s defaults to %j', (key, value) => {
    expect(resolved[key]).toEqual(value);
  });

  it('cors is disabled, origins "*", no credentials', () => {
    expect(resolved.cors).toEqual({ enabled: false, origins: '*', credentials: false, maxAge: undefined });
  });

  it('no audience, issuer or handlers', () => {
    expect(resolved.audience).toBeUndefined();
    expect(resolved.issuer).toBeUndefined();
    expect(resolved.handlers).toEqual({});
  });

  it('validateConfig fills the schema defaults into a copy', () => {
    const input = { secret: SECRET };
    const valid = validateConfig(input) as Record<string, unknown>;
    expect(input).toEqual({ secret: SECRET });
    expect(valid).toMatchObject({ realm: 'Login Required', authPath: '/auth', algorithm: 'HS256', expirationDelta: 300, leeway: 0 });
  });
});

describe('durations', () => {
  it.each([
    [300, 300],
    ['300', 300],
    ['45s', 45],
    ['5m', 300],
    ['2h', 7200],
    ['1d', 86_400],
    ['2w', 1_209_600],
  ])('expirationDelta %j is %d seconds', (value, seconds) => {
    expect(resolveConfig({ secret: SECRET, expirationDelta: value }).expirationDelta).toBe(seconds);
  });

  it('leeway, notBeforeDelta and cors.maxAge take strings too', () => {
    const resolved = resolveConfig({ secret: SECRET, leeway: '1m', notBeforeDelta: '10s', cors: { maxAge: '1h' } });
    expect([resolved.leeway, resolved.notBeforeDelta, resolved.cors.maxAge]).toEqual([60, 10, 3600]);
  });

  it.each([['5x'], ['5 m'], ['-5'], ['1.5h'], ['m'], ['']])('expirationDelta %j is refused', (value) => {
    expect(problemsOf({ secret: SECRET, expirationDelta: value }).details).toEqual([`/expirationDelta ${DURATION_HINT}`]);
  });

  it.each([[0], ['0'], ['0m'], [-1]])('expirationDelta %j is refused: a token must live at least 1 second', (value) => {
    expect(problemsOf({ secret: SECRET, expirationDelta: value }).details).toEqual(['/expirationDelta must be >= 1']);
  });

  it.each([
    [255, '/maxTokenBytes must be >= 256'],
    [1_048_577, '/maxTokenBytes must be <= 1048576'],
    ['8k', '/maxTokenBytes must be integer'],
    [8192.5, '/maxTokenBytes must be integer'],
  ])('maxTokenBytes %j is refused', (value, problem) => {
    expect(problemsOf({ secret: SECRET, maxTokenBytes: value }).details).toEqual([problem]);
  });

  it('a fractional number of seconds is refused', () => {
    expect(problemsOf({ secret: SECRET, leeway: 1.5 }).details).toEqual(['/leeway must be integer or string']);
  });
});

describe('loginThrottle', () => {
  it('is on by default: 5 failures per username and 20 per address, each in 15 minutes, closed when the store is down', () => {
    expect(resolveConfig({ secret: SECRET }).loginThrottle).toEqual({
      enabled: true,
      usernameLimit: 5,
      usernameWindow: 900,
      addressLimit: 20,
      addressWindow: 900,
      trustedProxyHops: 0,
      onStoreUnavailable: 'closed',
    });
  });

  it('takes windows as durations, and leaves the options not given at their defaults', () => {
    const resolved = resolveConfig({ secret: SECRET, loginThrottle: { usernameWindow: '1h', addressWindow: 60, addressLimit: 100 } }).loginThrottle;
    expect([resolved.usernameWindow, resolved.addressWindow, resolved.addressLimit, resolved.usernameLimit]).toEqual([3600, 60, 100, 5]);
  });

  it('lists every problem of the block at once', () => {
    const error = problemsOf({
      secret: SECRET,
      loginThrottle: { usernameLimit: 0, addressWindow: '0m', usernameWindow: '5x', trustedProxyHops: -1, onStoreUnavailable: 'maybe', enable: false },
    });
    expect([...error.details].sort()).toEqual(
      [
        '/loginThrottle/enable is not a known option (did you mean /loginThrottle/enabled?)',
        '/loginThrottle/usernameLimit must be >= 1',
        `/loginThrottle/usernameWindow ${DURATION_HINT}`,
        '/loginThrottle/trustedProxyHops must be >= 0',
        '/loginThrottle/onStoreUnavailable must be one of closed, open',
        '/loginThrottle/addressWindow must be >= 1',
      ].sort(),
    );
  });

  it.each([[null], ['on'], [[]]])('refuses %j as the block, without a crash', (value) => {
    expect(problemsOf({ secret: SECRET, loginThrottle: value }).details).toEqual(['/loginThrottle must be object']);
  });
});

describe('invalid fixtures: every problem in one error, each with its JSON path and the file named', () => {
  it('many-problems.json lists an unknown key, a bad algorithm, a zero lifetime and a bad origin at once', () => {
    const { path, config } = fixture('invalid/many-problems.json');
    const error = problemsOf(config, { filepath: path });
    const expected = [
      '/expirationDelt is not a known option (did you mean /expirationDelta?)',
      `/algorithm must be one of ${ALGORITHMS}`,
      '/expirationDelta must be >= 1',
      '/cors/origins/0 must be an origin such as "https://app.example.com"',
    ];
    expect([...error.details].sort()).toEqual([...expected].sort());
    expect(error.message.startsWith('many-problems.json: ')).toBe(true);
    for (const line of expected) expect(error.message).toContain(line);
    expect(error.message).toBe(`many-problems.json: ${error.details.join('; ')}`);
  });

  it('typo.json: a misspelt option does not pass silently', () => {
    const { path, config } = fixture('invalid/typo.json');
    expect(problemsOf(config, { filepath: path }).message).toBe('typo.json: /expirationDelt is not a known option (did you mean /expirationDelta?)');
  });

  it('bad-duration.json', () => {
    const { path, config } = fixture('invalid/bad-duration.json');
    expect(problemsOf(config, { filepath: path }).message).toBe(`bad-duration.json: /expirationDelta ${DURATION_HINT}`);
  });

  it('zero-lifetime.json', () => {
    const { path, config } = fixture('invalid/zero-lifetime.json');
    expect(problemsOf(config, { filepath: path }).message).toBe('zero-lifetime.json: /expirationDelta must be >= 1');
  });

  it('wrong-types.json: five problems, five paths', () => {
    const { path, config } = fixture('invalid/wrong-types.json');
    const error = problemsOf(config, { filepath: path });
    expect([...error.details].sort()).toEqual(
      [
        '/verify must be boolean',
        '/leeway must be integer or string',
        '/realm must NOT have fewer than 1 characters',
        '/authPath must start with "/"',
        '/requiredClaims must be array',
      ].sort(),
    );
  });

  it('nested-unknown.json: unknown keys are refused inside cors too', () => {
    const { path, config } = fixture('invalid/nested-unknown.json');
    expect(problemsOf(config, { filepath: path }).details).toEqual(['/cors/origin is not a known option (did you mean /cors/origins?)']);
  });

  it('credentials-with-star.json: credentials with any origin is refused', () => {
    const { path, config } = fixture('invalid/credentials-with-star.json');
    expect(problemsOf(config, { filepath: path }).details).toEqual([
      '/cors/credentials cannot be true while /cors/origins is "*": list the allowed origins',
    ]);
  });

  it('a bad origin is reported once, at its own path', () => {
    const error = problemsOf({ secret: SECRET, cors: { origins: ['https://ok.example.com', 'app.example.com/'] } });
    expect(error.details).toEqual(['/cors/origins/1 must be an origin such as "https://app.example.com"']);
  });

  it('origins that are neither "*" nor a list are described', () => {
    expect(problemsOf({ secret: SECRET, cors: { origins: 'https://a.example.com' } }).details).toEqual([
      '/cors/origins must be "*" or a list of strings',
    ]);
  });

  it('unknown and non-function handlers are refused', () => {
    const error = problemsOf({ secret: SECRET, handlers: { authenticate: 'joe', identify: () => null } });
    expect([...error.details].sort()).toEqual(['/handlers/authenticate must be a function', '/handlers/identify is not a known option (did you mean /handlers/identity?)']);
  });

  it('a config that is not an object is refused', () => {
    expect(problemsOf([1, 2], { filepath: '/x/jwtauth.config.js' }).message).toMatch(/^jwtauth\.config\.js: the config must be an object/);
    expect(problemsOf(null).message).toMatch(/^config: the config must be an object/);
  });
});

describe('secrets', () => {
  it('secretEnv reads the secret from the environment it is given', () => {
    const resolved = resolveConfig({ secretEnv: 'MY_JWT_SECRET' }, { env: { MY_JWT_SECRET: SECRET } });
    expect(resolved.keys[0]!.verifying.export().toString()).toBe(SECRET);
    expect(resolved.keys[0]!.signing).toBe(resolved.keys[0]!.verifying);
  });

  it('secretEnv defaults to process.env', () => {
    process.env.JWT_KIT_VALIDATE_TEST_SECRET = SECRET;
    try {
      expect(resolveConfig({ secretEnv: 'JWT_KIT_VALIDATE_TEST_SECRET' }).keys[0]!.verifying.symmetricKeySize).toBe(32);
    } finally {
      delete process.env.JWT_KIT_VALIDATE_TEST_SECRET;
    }
  });

  it('a missing variable is a clear error naming it', () => {
    expect(problemsOf({ secretEnv: 'NOT_SET_ANYWHERE' }, { env: {} }).details).toEqual([
      '/secretEnv names the environment variable NOT_SET_ANYWHERE, which is not set',
    ]);
  });

  it('an empty variable counts as not set', () => {
    expect(problemsOf({ secretEnv: 'EMPTY' }, { env: { EMPTY: '' } }).details[0]).toContain('EMPTY, which is not set');
  });

  it('a secretEnv that is not a variable name is refused', () => {
    expect(problemsOf({ secretEnv: 'my secret' }).details).toEqual(['/secretEnv must be an environment variable name']);
  });

  it('secret and secretEnv together are refused', () => {
    expect(problemsOf({ secret: SECRET, secretEnv: 'X' }, { env: { X: SECRET } }).details).toEqual([
      '/secret and /secretEnv are both set: keep one',
    ]);
  });

  it('no secret at all is refused', () => {
    expect(problemsOf({}).details).toEqual(['HS256 needs a secret: set /secretEnv (recommended), /secretFile, /secret or /jwk']);
  });

  it('a short inline secret is refused without echoing it', () => {
    const weak = 'hunter2-is-weak';
    const error = problemsOf({ secret: weak });
    expect(error.message).toContain('15 bytes, fewer than 32');
    expect(error.message).not.toContain(weak);
    expect(JSON.stringify(error.toJSON())).not.toContain(weak);
  });

  it('a short secret from the environment is refused without echoing it, naming the variable', () => {
    const weak = 'short-env-secret';
    const error = problemsOf({ secretEnv: 'WEAK_SECRET' }, { env: { WEAK_SECRET: weak } });
    expect(error.message).toContain('16 bytes, fewer than 32');
    expect(error.message).toContain('WEAK_SECRET');
    expect(error.message).not.toContain(weak);
  });

  it('31 bytes are refused, 32 accepted (counted in UTF-8 bytes, not characters)', () => {
    expect(problemsOf({ secret: 'a'.repeat(31) }).message).toContain('31 bytes');
    expect(resolveConfig({ secret: 'a'.repeat(32) }).keys[0]!.verifying.symmetricKeySize).toBe(32);
    // 16 characters of two bytes each: 32 bytes.
    expect(resolveConfig({ secret: 'é'.repeat(16) }).keys[0]!.verifying.symmetricKeySize).toBe(32);
  });

  it('dangerouslyAllowWeakSecret lets a short secret through', () => {
    expect(resolveConfig({ secret: 'short', dangerouslyAllowWeakSecret: true }).keys[0]!.verifying.symmetricKeySize).toBe(5);
  });

  it('key files are refused for HMAC algorithms', () => {
    expect(problemsOf({ secret: SECRET, privateKeyFile: 'key.pem' }).details).toEqual(['/privateKeyFile is for RS*, PS* and ES* algorithms, not HS256']);
  });
});

describe('"did you mean" for an unknown option', () => {
  it.each([
    ['relam', 'realm'],
    ['SecretEnv', 'secretEnv'],
    ['expirationDelt', 'expirationDelta'],
    ['authpath', 'authPath'],
  ])('%s suggests %s', (typed, meant) => {
    expect(problemsOf({ secret: SECRET, [typed]: 1 }).details).toContain(`/${typed} is not a known option (did you mean /${meant}?)`);
  });

  it('inside cors too, from the names of cors', () => {
    expect(problemsOf({ secret: SECRET, cors: { enabeld: true } }).details).toEqual(['/cors/enabeld is not a known option (did you mean /cors/enabled?)']);
  });

  it('a name far from every option gets no guess', () => {
    expect(problemsOf({ secret: SECRET, colour: 'blue' }).details).toEqual(['/colour is not a known option']);
  });
});
