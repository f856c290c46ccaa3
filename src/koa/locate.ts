/**
 * Where is this request's token? The `getToken` hook first (koa-jwt's), then each of `tokenLocations` in order.
 * The first location that holds a token decides: a malformed Authorization header in our scheme (`Bearer` with
 * no token, or two) is answered as such, never quietly replaced by a cookie. A header in another scheme
 * (`Basic`, sent by browsers to a staging site behind a password) is not ours: the next locations are tried,
 * and only when none holds a token is it answered `HEADER_UNSUPPORTED_TYPE`.
 */
import type { Context } from 'koa';
import { JwtKitError } from '../errors';
import { callHook } from '../config/hooks';
import type { ResolvedConfig, TokenLocation } from '../config/types';
import type { AuthCookies } from './cookies';
import { extractToken } from './extract';
import { maxHeaderBytes, refuseOversized } from './token-size';
import type { TokenSource } from './state';

export interface LocatedToken {
  token: string;
  location: TokenSource;
}

/** The token of a request: synchronously, unless a `getToken` hook has to be awaited. */
export type LocateToken = (ctx: Context) => LocatedToken | Promise<LocatedToken>;

/** Reads one location: the token, or undefined when the location holds nothing. */
type Reader = (ctx: Context) => string | undefined;

export function createLocateToken<TUser>(config: ResolvedConfig<TUser>, cookies: AuthCookies): LocateToken {
  // Every location is measured before anything parses what it holds (src/koa/token-size.ts).
  const headerCap = maxHeaderBytes(config.maxTokenBytes, config.headerPrefix);
  const capped = (token: string | undefined): string | undefined => {
    refuseOversized(token, config.maxTokenBytes);
    return token;
  };
  const readers: Record<TokenLocation, Reader> = {
    header: (ctx) => {
      const value = ctx.get(config.headerName);
      refuseOversized(value, headerCap);
      return value.trim() === '' ? undefined : extractToken(value, config.headerPrefix);
    },
    cookie: (ctx) => capped(cookies.read(ctx)),
    query: (ctx) => {
      const value = ctx.query[config.queryParameter];
      if (Array.isArray(value)) throw new JwtKitError('TOKEN_MALFORMED', `The ${config.queryParameter} parameter is given more than once`);
      return capped(value || undefined);
    },
  };
  const locations = config.tokenLocations.map((location) => [location, readers[location]] as const);
  const { getToken } = config.handlers;

  const fromLocations = (ctx: Context): LocatedToken => {
    let foreignScheme: JwtKitError | undefined;
    for (const [location, read] of locations) {
      let token: string | undefined;
      try {
        token = read(ctx);
      } catch (error) {
        if ((error as JwtKitError).code !== 'HEADER_UNSUPPORTED_TYPE') throw error;
        foreignScheme = error as JwtKitError;
      }
      if (token !== undefined) return { token, location };
    }
    throw foreignScheme ?? new JwtKitError('TOKEN_MISSING');
  };
  if (!getToken) return fromLocations;

  return async (ctx) => {
    const token = await callHook('getToken', () => getToken(ctx));
    if (typeof token === 'string' && token !== '') return { token: capped(token) as string, location: 'getToken' };
    if (token !== null && token !== undefined && token !== '') {
      throw new JwtKitError('HANDLER_FAILED', 'The getToken hook must return a string, null or undefined');
    }
    return fromLocations(ctx);
  };
}
