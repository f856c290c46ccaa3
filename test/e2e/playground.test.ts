/**
 * The playground page in a real browser (Debian's chromium, driven by playwright-core) against a real
 * `jwt-kit serve` whose access tokens live 5 seconds: log in, read the claims, call the guarded routes, wait for
 * the token to expire and see the 401, refresh, log out and see the token refused. Once with the token in a
 * header, once with the HttpOnly cookie and its CSRF header under custom paths and field names.
 *
 * No skip: without chromium these tests fail, naming the package to install (.ci/run installs it).
 * Screenshots of the page go to test-artifacts/ (git-ignored); JWTKIT_UPDATE_SCREENSHOT=1 also writes the
 * README's docs/playground.png.
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync, copyFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { makeProject, removeProjects } from '../helpers/project';
import { assertBuilt, killSpawned, REPO_ROOT, spawnCli, type Spawned } from '../cli/io-double';

const CHROMIUM = process.env.JWTKIT_CHROMIUM ?? '/usr/bin/chromium';
/**
 * The access tokens' lifetime, seconds: long enough for the two or three requests each token must serve
 * while valid on a loaded CI machine (iat is rounded down, so a token may have a second less), short enough to
 * wait out. 3 s lost that race once under a full parallel npm test.
 */
const LIFETIME = 5;
const SECRET = 'playground-secret-0123456789-abcdefghijklmnopqrstuvwxyz';
const PLAYGROUND_LINE = /^jwt-kit serve: playground at (http:\/\/127\.0\.0\.1:\d+\/) \(open it in a browser\)$/m;
const ARTIFACTS = join(REPO_ROOT, 'test-artifacts');
// Chromium as a test browser: no first-run, no background traffic, no sandbox (containers run tests as root).
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

jest.setTimeout(45_000);

let profile: string | undefined;
let context: BrowserContext | undefined;

beforeAll(async () => {
  assertBuilt();
  if (!existsSync(CHROMIUM)) {
    throw new Error(`${CHROMIUM} is missing: these tests need Debian's chromium package (apt-get install -y chromium), as .ci/run installs it`);
  }
  profile = mkdtempSync(join(tmpdir(), 'jwt-kit-chromium-'));
  context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: CHROMIUM_ARGS,
    viewport: { width: 1100, height: 900 },
    locale: 'en-GB',
    timezoneId: 'UTC',
  });
});

afterAll(async () => {
  await context?.close();
  if (profile) rmSync(profile, { recursive: true, force: true });
  removeProjects();
});

afterEach(killSpawned);

/** `jwt-kit serve` on a free port with `config` as its jwtauth.config.json; resolves with the playground URL. */
async function serve(config: object): Promise<{ run: Spawned; url: string }> {
  const cwd = makeProject({ 'jwtauth.config.json': JSON.stringify({ secretEnv: 'JWT_SECRET', ...config }) }, { prefix: 'jwt-kit-playground-' });
  const run = spawnCli(['serve', '--port', '0'], { cwd, env: { JWT_SECRET: SECRET } });
  const [, url] = await run.waitFor(PLAYGROUND_LINE);
  // The playground's line comes first, before the server's own.
  expect(run.out().split('\n')[0]).toMatch(PLAYGROUND_LINE);
  return { run, url: url! };
}

/** A fresh tab that fails the test on any script error or CSP violation (both reach the console as errors). */
async function openPage(url: string): Promise<{ page: Page; problems: string[] }> {
  const page = await context!.newPage();
  const problems: string[] = [];
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('console', (message) => {
    // Chromium logs every 4xx answer as an error; the 401s are the point of the page, so only other errors count.
    if (message.type() === 'error' && !/^Failed to load resource: the server responded with a status of 4\d\d /.test(message.text())) {
      problems.push(`console: ${message.text()}`);
    }
  });
  // Nothing but this server: a request anywhere else would be a third-party script, font or leak.
  page.on('request', (request) => {
    if (!request.url().startsWith(url) && !request.url().startsWith('data:')) problems.push(`request to ${request.url()}`);
  });
  await page.goto(url);
  await page.locator('html[data-ready="true"]').waitFor();
  return { page, problems };
}

interface Exchange {
  title: string;
  explain: string;
  request: string;
  response: string;
}

/** Runs `act` (a click, a key press) and resolves with the request/response card it adds to the page. */
async function exchange(page: Page, act: () => Promise<void>): Promise<Exchange> {
  const sent = Number((await page.locator('#exchanges').getAttribute('data-sent')) ?? '0');
  await act();
  const card = page.locator(`#exchanges > li[data-seq="${sent + 1}"]`);
  await card.waitFor();
  const explain = card.locator('.explain');
  return {
    title: await card.locator('h4').innerText(),
    explain: (await explain.count()) > 0 ? await explain.innerText() : '',
    request: await card.locator('pre').first().innerText(),
    response: await card.locator('.response').innerText(),
  };
}

const click = (page: Page, name: string | RegExp) => () => page.getByRole('button', { name }).click();
const text = (page: Page, selector: string) => page.locator(selector).innerText();

describe('the playground page in Chromium', () => {
  it('logs in, shows the claims, gets Success!, sees the 401 once the 5 s token expires, refreshes, logs out and sees the token refused', async () => {
    const { run, url } = await serve({ expirationDelta: LIFETIME, refresh: { enabled: true }, logout: { enabled: true }, playground: true });
    const { page, problems } = await openPage(url);

    // The demo user is filled in (this config holds no hooks, so serve runs the demo's); Enter submits.
    expect(await page.getByLabel('Username').inputValue()).toBe('joe');
    const login = await exchange(page, () => page.getByLabel('Password').press('Enter'));
    expect(login.title).toMatch(/^POST \/auth\s+200 OK/);
    // The request shows the body with the password masked.
    expect(login.request).toContain('"username": "joe"');
    expect(login.request).not.toContain('"pass"');

    // The raw token in three coloured parts, the decoded payload, and the clock.
    const parts = await page.locator('#token-box .token span[class^="part-"]:not(.part-dot)').allTextContents();
    expect(parts).toHaveLength(3);
    const payload = JSON.parse(await page.getByLabel('Access token payload').innerText()) as Record<string, number>;
    expect(payload).toMatchObject({ user_id: 1, type: 'access' });
    expect(payload.exp! - payload.iat!).toBe(LIFETIME);
    expect(JSON.parse(Buffer.from(parts[1]!, 'base64url').toString())).toEqual(payload);
    expect(await text(page, '#token-box .countdown')).toMatch(/^Valid: expires in [0-5] s \(of 5 s\)$/);

    // Keyboard: focus the button and press Enter.
    const guarded = await exchange(page, async () => {
      await page.getByRole('button', { name: 'GET /protected' }).focus();
      await page.keyboard.press('Enter');
    });
    expect(guarded.title).toMatch(/^GET \/protected\s+200 OK/);
    expect(guarded.request).toMatch(/^Authorization: Bearer eyJ/m);
    expect(guarded.response).toMatch(/\n\nSuccess!$/);

    // The page's clock reaches exp (the browser and the server read the same system clock): now the server refuses it.
    await page.locator('#token-box .countdown', { hasText: /^Expired/ }).waitFor({ timeout: (LIFETIME + 3) * 1000 });
    expect(await text(page, '#token-status')).toContain('This token has expired');
    const expired = await exchange(page, click(page, 'GET /protected'));
    expect(expired.title).toMatch(/^GET \/protected\s+401 Unauthorized/);
    expect(expired.response).toContain('"code": "TOKEN_EXPIRED"');
    expect(expired.response).toContain('WWW-Authenticate: Bearer realm="Login Required"');
    expect(expired.explain).toContain('exp is in the past');

    // The whole page as the test's artifact; for the README, the top of it down to the 401 just received.
    mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: join(ARTIFACTS, 'playground.png'), fullPage: true });
    // (boundingBox is relative to the scrolled viewport; the clip of a full-page shot to the page.)
    const card = (await page.locator('#exchanges > li').first().boundingBox())!;
    const scrolled = (await page.evaluate('window.scrollY')) as number;
    const top = join(ARTIFACTS, 'playground-top.png');
    await page.screenshot({ path: top, fullPage: true, clip: { x: 0, y: 0, width: 1100, height: Math.ceil(scrolled + card.y + card.height + 8) } });
    if (process.env.JWTKIT_UPDATE_SCREENSHOT === '1') copyFileSync(top, join(REPO_ROOT, 'docs', 'playground.png'));

    // Refresh: a new pair, and the new token works. From here to the refusal, three requests share the new
    // token's lifetime: they need it unexpired (an expired token is refused as TOKEN_EXPIRED before REVOKED).
    const refreshed = await exchange(page, click(page, /^Refresh/));
    expect(refreshed.title).toMatch(/^POST \/auth\/refresh\s+200 OK/);
    const renewed = JSON.parse(await page.getByLabel('Access token payload').innerText()) as Record<string, number>;
    expect(renewed.jti).not.toBe(payload.jti);
    const me = await exchange(page, click(page, 'GET /me'));
    expect(me.title).toMatch(/^GET \/me\s+200 OK/);
    expect(me.response).toContain('"username": "joe"');

    // Log out: 204, then the same token is refused as revoked.
    const logout = await exchange(page, click(page, /^Log out/));
    expect(logout.title).toMatch(/^POST \/auth\/logout\s+204 No Content/);
    const refused = await exchange(page, click(page, 'GET /protected'));
    expect(refused.title).toMatch(/^GET \/protected\s+401 Unauthorized/);
    expect(refused.response).toContain('"code": "TOKEN_REVOKED"');

    // Paste a token: decoded, labelled as not verified.
    await page.getByLabel('Token to decode').fill(`Bearer ${parts.join('.')}`);
    expect(await text(page, '#paste-status')).toContain('not verified');
    expect(JSON.parse(await page.getByLabel('Pasted token payload').innerText())).toEqual(payload);
    await page.getByLabel('Token to decode').fill('not.a token');
    expect(await text(page, '#paste-status')).toContain('this has 2.');
    expect(await page.locator('#paste-out').innerHTML()).toBe('');

    // The token lived in the page's memory only.
    // (A string: this project's TypeScript has no DOM types.)
    expect(await page.evaluate('[localStorage.length, sessionStorage.length, document.cookie]')).toEqual([0, 0, '']);
    expect(problems).toEqual([]);
    await page.close();
    for (const line of ['GET / 200', 'GET /playground.json 200', 'GET /protected 401 ', 'POST /auth/refresh 200', 'POST /auth/logout 204']) {
      expect(run.out()).toContain(line);
    }
  });

  it('cookie mode under custom paths and field names: the HttpOnly cookie carries the token, the page adds the CSRF header', async () => {
    const { url } = await serve({
      expirationDelta: 60,
      authPath: '/api/login',
      usernameField: 'email',
      passwordField: 'pw',
      tokenLocations: ['cookie'],
      cookie: { csrfHeaderName: 'X-XSRF-Token' },
      refresh: { enabled: true, path: '/api/renew', field: 'renew' },
      logout: { enabled: true, path: '/api/logout' },
      playground: true,
    });
    const { page, problems } = await openPage(url);
    expect(await text(page, '#username-field')).toBe('email');
    const login = await exchange(page, click(page, 'Log in'));
    expect(login.title).toMatch(/^POST \/api\/login\s+200 OK/);
    expect(login.request).toContain('"email": "joe"');
    // A cookie-only server keeps the token from script: the page says so and shows the lifetime from the config.
    expect(await text(page, '#token-box')).toContain('HttpOnly cookie access_token');
    expect(await text(page, '#token-box .countdown')).toContain('(of 1 min)');

    const guarded = await exchange(page, click(page, 'GET /protected'));
    expect(guarded.response).toMatch(/\n\nSuccess!$/);
    expect(guarded.request).not.toContain('Authorization');

    const refreshed = await exchange(page, click(page, /^Refresh/));
    expect(refreshed.title).toMatch(/^POST \/api\/renew\s+200 OK/);
    expect(refreshed.request).toContain('"renew": "eyJ');

    const logout = await exchange(page, click(page, /^Log out/));
    expect(logout.title).toMatch(/^POST \/api\/logout\s+204 No Content/);
    expect(logout.request).toMatch(/^X-XSRF-Token: \S+/m);
    // Logout cleared the cookies: the browser has nothing left to send.
    const refused = await exchange(page, click(page, 'GET /protected'));
    expect(refused.title).toMatch(/^GET \/protected\s+401 Unauthorized/);
    expect(refused.response).toContain('"code": "TOKEN_MISSING"');
    expect(await context!.cookies(url)).toEqual([]);
    expect(problems).toEqual([]);
    await page.close();
  });
});
