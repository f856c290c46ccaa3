/**
 * Writes an auth failure as the JSON answer every client of jwt-kit can rely on:
 * `{ status_code, error, description, code }`. Anything that is not a `JwtKitError` is a server fault:
 * it is handed to Koa's `error` event for logging and answered with a bare 500 that reveals nothing.
 */
import type { Context } from 'koa';
import { JwtKitError, isJwtKitError } from '../errors';
import type { HookContext, ResolvedConfig } from '../config/types';

export interface RenderOptions {
  /** Realm for the WWW-Authenticate header of a missing token. */
  realm: string;
  /** Scheme named in WWW-Authenticate. */
  scheme: string;
  errorHook?: ResolvedConfig['handlers']['error'];
}

/** How a kit's config answers failures; `realm` overrides the config's (a guard's own realm). */
export function renderOptions<TUser>(config: ResolvedConfig<TUser>, realm?: string): RenderOptions {
  return { realm: realm ?? config.realm, scheme: config.headerPrefix, errorHook: config.handlers.error };
}

export function challengeHeader(scheme: string, realm: string): string {
  // RFC 7235 quoted-string: escape backslashes and quotes so a realm cannot break the header.
  return `${scheme || 'Bearer'} realm="${realm.replace(/[\\"]/g, '\\$&')}"`;
}

/** Answers the request with `error`. Returns nothing; the response is set on `ctx`. */
export async function renderError(ctx: Context, error: unknown, options: RenderOptions): Promise<void> {
  let failure: JwtKitError;
  if (isJwtKitError(error)) {
    failure = error;
  } else {
    failure = new JwtKitError('HANDLER_FAILED', undefined, { cause: error });
  }
  if (failure.status >= 500) ctx.app.emit('error', error, ctx);
  if (failure.code === 'TOKEN_MISSING') {
    failure.headers['WWW-Authenticate'] = challengeHeader(options.scheme, options.realm);
  }
  ctx.status = failure.status;
  ctx.set(failure.headers);
  ctx.body = failure.toJSON();
  if (!options.errorHook) return;
  try {
    const custom = await options.errorHook(failure, ctx as HookContext);
    if (custom !== undefined) ctx.body = custom;
  } catch (hookError) {
    // A broken error hook must not turn an auth failure into a crash: keep the default answer, log the fault.
    ctx.app.emit('error', hookError, ctx);
  }
}
