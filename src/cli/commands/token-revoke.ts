/**
 * `jwt-kit token revoke [TOKEN | -] | --family FAM | --user ID`: revokes in the config's store, for operators.
 * Only a shared store makes sense here: the memory store lives inside each server process, out of reach.
 */
import type { Command } from 'commander';
import { EXIT, JwtKitError } from '../../errors';
import type { CliContext } from '../program';
import { readToken } from '../read-token';

interface RevokeOptions {
  family?: string;
  user?: string;
  config?: string;
}

export function registerTokenRevoke(token: Command, cli: CliContext): void {
  token
    .command('revoke')
    .description("revoke a token, a session (refresh family) or every token of a user, in the config's store")
    .argument('[token]', 'a token to revoke until it expires; - (or nothing, when piped) reads it from stdin')
    .option('--family <fam>', "revoke every token of a login session: the tokens' fam claim")
    .option('--user <id>', "revoke every token of a user issued until now (the tokens' sub, else user_id)")
    .option('-c, --config <path>', 'config file (default: $JWTKIT_CONFIG, else a search from the working directory up)')
    .addHelpText(
      'after',
      [
        '',
        "The config's store must be shared (store.type redis): a memory store lives inside each server.",
        'Exit 0 when revoked; 1 when the token is not ours (bad signature, unknown key); 3 for a config without',
        'a shared store; 4 when the store cannot be reached.',
        '',
        'Examples:',
        '  $ jwt-kit token revoke "$TOKEN"',
        '  $ jwt-kit token revoke --user 42                 # log user 42 out everywhere',
        '  $ jwt-kit token revoke --family 6f1c...          # end one login session',
      ].join('\n'),
    )
    .action((argument: string | undefined, options: RevokeOptions) => revoke(argument, options, cli));
}

async function revoke(argument: string | undefined, options: RevokeOptions, cli: CliContext): Promise<void> {
  const { io } = cli;
  const targets = [argument !== undefined, options.family !== undefined, options.user !== undefined].filter(Boolean).length;
  if (targets > 1) throw new JwtKitError('USAGE_INVALID', 'revoke one thing at a time: a token, --family or --user');
  const token = options.family === undefined && options.user === undefined ? await readToken(argument, io) : undefined;

  const [{ findCliConfig }, { createTokenService, systemClock }, { createStore }, { createRevoker }, { createRefreshTokenService }] = await Promise.all([
    import('../config-source'),
    import('../../token/service'),
    import('../../store/create'),
    import('../../lifecycle/revoke'),
    import('../../lifecycle/refresh-tokens'),
  ]);
  const found = await findCliConfig(io, options.config);
  if (!found) throw new JwtKitError('CONFIG_NOT_FOUND', 'token revoke needs the config of the servers (its keys and its store): run it where the config is, or pass --config PATH');
  const config = found.resolve();
  if (config.store.type !== 'redis') {
    throw new JwtKitError('CONFIG_INVALID', `${found.filepath}: store.type is "memory", which lives inside each server process; revoking from here needs a shared store (store.type "redis")`);
  }
  const now = systemClock;
  const store = createStore(config.store, { env: io.env });
  try {
    const revoker = createRevoker({
      config,
      tokens: createTokenService({ ...config, tokenType: 'access' }, now),
      refreshTokens: createRefreshTokenService(config, now),
      store,
      now,
    });
    if (token !== undefined) await revoker.revokeToken(token);
    else if (options.family !== undefined) await revoker.revokeFamily(options.family);
    else await revoker.revokeUser(options.user as string);
  } finally {
    await store.close();
  }
  const what = token !== undefined ? 'the token' : options.family !== undefined ? `session ${options.family}` : `every token of user ${options.user} issued until now`;
  io.stderr.write(`jwt-kit: revoked ${what}\n`);
  cli.exitCode = EXIT.ok;
}
