/**
 * The sample app of `jwt-kit serve`: GET /protected and GET /me, where /me never shows a credential,
 * whatever shape the identity hook's user has.
 */
import request from 'supertest';
import { createKit } from '../../src';
import { createSampleApp } from '../../src/koa/app';
import { SECRET } from '../helpers/app';

const richUser = {
  id: 1,
  username: 'joe',
  passport: 'P-1',
  compass: 'north',
  password: 'pass',
  hashedPassword: '$argon2id$...',
  password_digest: 'bcrypt$...',
  userPassword: 'x',
  pwd: 'x',
  salt: 's',
  apiKey: 'k',
  accessToken: 't',
  privateKey: 'pem',
  profile: { nickname: 'J', secretAnswer: 'blue', links: [{ url: 'https://example.com', token: 'x' }] },
};

function sampleApp() {
  const kit = createKit({
    secret: SECRET,
    handlers: { authenticate: () => richUser, identity: () => richUser },
  });
  return { kit, http: request(createSampleApp(kit).callback()) };
}

describe('the sample app', () => {
  it('GET /protected says Success! to a logged-in user', async () => {
    const { http } = sampleApp();
    const { body } = await http.post('/auth').send({ username: 'joe', password: 'pass' });
    const res = await http.get('/protected').set('Authorization', `Bearer ${body.token}`);
    expect([res.status, res.text]).toEqual([200, 'Success!']);
  });

  it('GET /me shows the user without anything that names a credential, at any depth', async () => {
    const { http } = sampleApp();
    const { body } = await http.post('/auth').send({ username: 'joe', password: 'pass' });
    const res = await http.get('/me').set('Authorization', `Bearer ${body.token}`);
    expect(res.body).toEqual({
      id: 1,
      username: 'joe',
      passport: 'P-1',
      compass: 'north',
      profile: { nickname: 'J', links: [{ url: 'https://example.com' }] },
    });
  });
});
