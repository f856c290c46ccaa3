/**
 * The address a login is counted against: the counter key of each form an address takes on the socket or in
 * X-Forwarded-For, and which hop is read.
 */
import type { IncomingMessage } from 'node:http';
import { addressKey, clientAddress } from '../../src/koa/client-address';

describe('addressKey', () => {
  it.each([
    ['192.0.2.7', '192.0.2.7'],
    ['::ffff:127.0.0.1', '127.0.0.1'],
    ['::FFFF:192.0.2.7', '192.0.2.7'],
    ['192.0.2.7:5678', '192.0.2.7'],
    [' 192.0.2.7 ', '192.0.2.7'],
    ['2001:db8:1:2:3:4:5:6', '2001:db8:1:2::/64'],
    ['2001:DB8:0001:0002::9', '2001:db8:1:2::/64'],
    ['[2001:db8:1:2::1]:443', '2001:db8:1:2::/64'],
    ['[2001:db8:1:2::1]', '2001:db8:1:2::/64'],
    ['2001:db8::1', '2001:db8:0:0::/64'],
    ['::1', '0:0:0:0::/64'],
    ['fe80::1%eth0', 'fe80:0:0:0::/64'],
    ['64:ff9b::192.0.2.7', '64:ff9b:0:0::/64'],
  ])('%j counts as %j', (raw, key) => {
    expect(addressKey(raw)).toBe(key);
  });

  it('keys text that is no address by a digest of it, never the text itself', () => {
    const key = addressKey('unknown');
    expect(key).toMatch(/^\?[A-Za-z0-9_-]{22}$/);
    expect(addressKey('unknown')).toBe(key);
    expect(addressKey('not an address')).not.toBe(key);
    expect(addressKey('')).toMatch(/^\?/);
  });
});

describe('clientAddress', () => {
  const request = (remoteAddress: string | undefined, forwarded?: string) =>
    ({ socket: { remoteAddress }, headers: forwarded === undefined ? {} : { 'x-forwarded-for': forwarded } }) as unknown as IncomingMessage;

  it('reads the socket and ignores X-Forwarded-For without trusted proxies', () => {
    expect(clientAddress(request('::ffff:10.0.0.1', '203.0.113.5'), 0)).toBe('10.0.0.1');
  });

  it('reads the n-th entry from the right with n trusted proxies', () => {
    const req = request('10.0.0.1', '1.1.1.1, 203.0.113.5,198.51.100.2 ,10.0.0.9');
    expect(clientAddress(req, 1)).toBe('10.0.0.9');
    expect(clientAddress(req, 2)).toBe('198.51.100.2');
    expect(clientAddress(req, 3)).toBe('203.0.113.5');
    expect(clientAddress(req, 4)).toBe('1.1.1.1');
  });

  it('falls back to the socket when the header has fewer entries than trusted proxies, or none', () => {
    expect(clientAddress(request('10.0.0.1', '203.0.113.5'), 2)).toBe('10.0.0.1');
    expect(clientAddress(request('10.0.0.1', ' , '), 1)).toBe('10.0.0.1');
    expect(clientAddress(request('10.0.0.1'), 1)).toBe('10.0.0.1');
  });

  it('still gives a key when the socket has no address any more', () => {
    expect(clientAddress(request(undefined), 0)).toMatch(/^\?/);
  });
});
