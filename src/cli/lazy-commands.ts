/**
 * Commands registered, and their files loaded, only when a run needs them. A CLI run names one command path
 * (`token decode ...`): loading every other command's file, and what it imports, would be start-up time paid
 * for nothing (`token decode` must start almost as fast as Node itself).
 */
import type { Command } from 'commander';
import type { CliContext } from './program';

/** Adds a command to `parent`; `args` are the arguments after that command's name, for its own subcommands. */
export type Register = (parent: Command, cli: CliContext, args: readonly string[]) => void;

/**
 * Registers the command `args[0]` names, alone, when it names one of `commands`; otherwise every command:
 * `--help`, no command at all, and a mistyped name (commander's "did you mean" needs every name) list them all.
 * `commands` is in help order; each entry loads its file when called.
 */
export function registerNeeded(commands: Record<string, () => Register>, parent: Command, cli: CliContext, args: readonly string[]): void {
  const named = args[0];
  const needed = named !== undefined && Object.prototype.hasOwnProperty.call(commands, named) ? [named] : Object.keys(commands);
  for (const name of needed) (commands[name] as () => Register)()(parent, cli, args.slice(1));
}
