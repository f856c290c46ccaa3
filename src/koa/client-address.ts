/**
 * The client address a login is counted against. From the socket, unless the config says how many reverse
 * proxies stand in front of the app (`loginThrottle.trustedProxyHops`): each proxy appends the address it was
 * connected from to `X-Forwarded-For`, so with n trusted proxies the n-th entry from the right is the address the
 * outermost one saw, and everything left of it was written by the client. Koa's own `app.proxy` is not read: an
 * app may have turned it on for its URLs without bounding the hops (`maxIpsCount`), and then any client could
 * pick its own address by sending the header.
 */
import { createHash } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { isIP } from 'node:net';

export function clientAddress(req: IncomingMessage, trustedProxyHops: number): string {
  const socket = req.socket?.remoteAddress ?? '';
  if (trustedProxyHops === 0) return addressKey(socket);
  // Node joins repeated X-Forwarded-For headers with ", ", in order.
  const header = req.headers['x-forwarded-for'];
  const hops = (typeof header === 'string' ? header : '').split(',').map((entry) => entry.trim()).filter((entry) => entry !== '');
  // Fewer entries than trusted proxies: the request did not come through all of them, and whatever is there is
  // the client's own writing. The socket peer is the one address nobody could choose.
  if (hops.length < trustedProxyHops) return addressKey(socket);
  return addressKey(hops[hops.length - trustedProxyHops]!);
}

/**
 * The counter key of an address: IPv4 as it is (an IPv4-mapped IPv6 address is its IPv4), IPv6 by its /64 prefix,
 * since one subscriber usually holds a whole /64 and could otherwise count as 2^64 clients. A proxy's entry with
 * a port (`1.2.3.4:5678`, `[2001:db8::1]:443`) loses the port. Anything else (`unknown`) is keyed by a digest of
 * its text.
 */
export function addressKey(raw: string): string {
  const text = stripPort(raw.trim());
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(text);
  if (mapped && isIP(mapped[1]!) === 4) return mapped[1]!;
  const version = isIP(text);
  if (version === 4) return text;
  if (version === 6) return `${ipv6Groups(text.split('%')[0]!).slice(0, 4).join(':')}::/64`;
  return `?${createHash('sha256').update(text).digest('base64url').slice(0, 22)}`;
}

function stripPort(text: string): string {
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(text);
  if (bracketed) return bracketed[1]!;
  const v4 = /^(\d+\.\d+\.\d+\.\d+):\d+$/.exec(text);
  return v4 ? v4[1]! : text;
}

/** The eight 16-bit groups of a valid IPv6 address, in lower-case hex without leading zeros. */
function ipv6Groups(address: string): string[] {
  const toGroups = (part: string): string[] => {
    if (part === '') return [];
    const pieces = part.split(':');
    const last = pieces[pieces.length - 1]!;
    // A trailing dotted IPv4 (::ffff:1.2.3.4, 64:ff9b::1.2.3.4) is two groups.
    if (last.includes('.')) {
      const [a, b, c, d] = last.split('.').map(Number) as [number, number, number, number];
      pieces.splice(-1, 1, ((a << 8) | b).toString(16), ((c << 8) | d).toString(16));
    }
    return pieces;
  };
  const [head = '', tail] = address.toLowerCase().split('::');
  const left = toGroups(head);
  const right = tail === undefined ? [] : toGroups(tail);
  const zeros = Array.from({ length: 8 - left.length - right.length }, () => '0');
  return [...left, ...zeros, ...right].map((group) => parseInt(group, 16).toString(16));
}
