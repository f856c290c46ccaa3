import type { JwtPayload, TokenLocation } from '../config/types';

/** Where the token of a request was found: a configured location, or the `getToken` hook. */
export type TokenSource = TokenLocation | 'getToken';

/** The token a request carried, its verified payload and where it was found. */
export interface RequestToken<TClaims extends object = JwtPayload> {
  token: string;
  /** The verified claims, typed by `createKit<User, Claims>`. */
  payload: JwtPayload & TClaims;
  location: TokenSource;
}

/** What a passed guard leaves on `ctx.state`. */
export interface AuthState<TUser, TClaims extends object = JwtPayload> {
  /** The current user: what the identity hook returned. Flask-JWT's `current_user`. */
  user: TUser;
  /** The token the request carried and its verified payload. */
  jwt: RequestToken<TClaims>;
}

/**
 * What an optional guard leaves on `ctx.state`: no user when the request carried no token. A guard skipped by
 * `.unless()` leaves this too.
 */
export interface OptionalAuthState<TUser, TClaims extends object = JwtPayload> {
  user?: TUser;
  jwt?: RequestToken<TClaims>;
}
