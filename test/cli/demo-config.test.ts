/**
 * The demo's hooks (src/cli/demo-config.ts), which `jwt-kit serve` runs and the login benchmark measures: only
 * joe / pass logs in, and the stored digests made once at load compare like the credentials themselves.
 */
import { DEMO_HANDLERS } from '../../src/cli/demo-config';

const authenticate = DEMO_HANDLERS.authenticate!;

describe('the demo authenticate', () => {
  it('logs joe in with his password, as the user the identity hook finds again', async () => {
    const user = await authenticate('joe', 'pass');
    expect(user).toEqual({ id: 1, username: 'joe' });
    expect(await DEMO_HANDLERS.identity!({ user_id: 1 })).toEqual(user);
  });

  it.each([
    ['joe', 'wrong'],
    ['joe', 'pass '],
    ['joe', 'Pass'],
    ['Joe', 'pass'],
    ['jo', 'pass'],
    ['alice', 'pass'],
    ['', ''],
  ])('refuses %j / %j', async (username, password) => {
    expect(await authenticate(username, password)).toBeNull();
  });
});
