/**
 * The quickstart's flow against a real server: log in as the demo user joe / pass, then reach /protected with
 * the token. Shared by the end-to-end tests that start a server process (quickstart, pack).
 */
export async function demoLoginReachesProtected(url: string): Promise<string> {
  const login = await fetch(`${url}/auth`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ username: 'joe', password: 'pass' }),
  });
  expect(login.status).toBe(200);
  const { token } = (await login.json()) as { token: string };
  expect(token.split('.')).toHaveLength(3);
  const guarded = await fetch(`${url}/protected`, { headers: { Authorization: `Bearer ${token}` } });
  expect([guarded.status, await guarded.text()]).toEqual([200, 'Success!']);
  return token;
}
