import type { JwtPayload } from '../config/types';

/** What a passed guard leaves on `ctx.state`. */
export interface AuthState<TUser> {
  /** The current user: what the identity hook returned. Flask-JWT's `current_user`. */
  user: TUser;
  /** The token the request carried and its verified payload. */
  jwt: { token: string; payload: JwtPayload };
}

/** What an optional guard leaves on `ctx.state`: no user when the request carried no token. */
export interface OptionalAuthState<TUser> {
  user?: TUser;
  jwt?: { token: string; payload: JwtPayload };
}
