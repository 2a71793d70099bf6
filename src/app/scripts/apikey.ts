import { newApiKey, ROLES, type Role } from '../../modules/auth/api-key';
import { ApiKeyRepository } from '../../modules/auth/api-key-repository';
import { loadConfig } from '../config';
import { runScript } from '../process-setup';
import { apiKeyNameRule } from '../../platform/names';
import { nowTimestamp } from '../../platform/time';
import { openStorage } from '../storage';

const USAGE = `usage:
  npm run apikey -- create --role reader|writer|admin --name NAME   prints the new key once
  npm run apikey -- list                                           names, roles, ids, created, revoked
  npm run apikey -- revoke NAME_OR_ID                              every instance refuses it within API_KEY_CACHE_MS
  npm run apikey -- revoke --name NAME                             the same, by name only`;

/** The flags each command takes, each with a value, and whether it takes a word of its own (revoke's NAME_OR_ID). */
const COMMANDS: Record<string, { flags: readonly string[]; word: boolean }> = {
  create: { flags: ['role', 'name'], word: false },
  list: { flags: [], word: false },
  revoke: { flags: ['name'], word: true },
};

/** A command line the script refuses: the message goes to stderr with the usage, exit code 2. */
class UsageError extends Error {}

/**
 * The flags (`--flag VALUE` or `--flag=VALUE`) and words after a command, refusing a flag the command does not take, a
 * flag without its value or given twice, and a word the command does not take.
 */
function parseCommandArgs(command: string, args: readonly string[]): { flags: Map<string, string>; word: string | undefined } {
  const { flags: known, word: takesWord } = COMMANDS[command];
  const flags = new Map<string, string>();
  const words: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === '--') {
      words.push(...args.slice(i + 1));
      break;
    }
    if (!arg.startsWith('-')) {
      words.push(arg);
      continue;
    }
    const cut = arg.indexOf('=');
    const flag = cut > 0 ? arg.slice(0, cut) : arg;
    const name = flag.slice(2);
    if (!flag.startsWith('--') || !known.includes(name)) {
      const takes = known.length ? `it takes ${known.map((f) => `--${f}`).join(' and ')}` : 'it takes no options';
      throw new UsageError(`${command}: unknown option ${flag}; ${takes}`);
    }
    const value = cut > 0 ? arg.slice(cut + 1) : args[++i];
    if (value === undefined || (cut < 0 && value.startsWith('--'))) throw new UsageError(`${command}: ${flag} needs a value`);
    if (flags.has(name)) throw new UsageError(`${command}: ${flag} is given twice`);
    flags.set(name, value);
  }
  if (words.length > (takesWord ? 1 : 0)) throw new UsageError(`${command}: unexpected argument ${words[takesWord ? 1 : 0]}`);
  return { flags, word: words[0] };
}

/**
 * `npm run apikey`: creates, lists and revokes API keys in the table (only hashes are stored). The key alone goes to
 * stdout (`KEY=$(npm run --silent apikey -- create ...)`); everything else to stderr.
 */
runScript('apikey', async (keep) => {
  const [command, ...rest] = process.argv.slice(2);
  if (!command || !Object.hasOwn(COMMANDS, command)) {
    process.stderr.write(`${USAGE}\n`);
    return 2;
  }
  let parsed: ReturnType<typeof parseCommandArgs>;
  try {
    parsed = parseCommandArgs(command, rest);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(`${error.message}\n${USAGE}\n`);
    return 2;
  }
  const role = parsed.flags.get('role') as Role | undefined;
  const name = parsed.flags.get('name');
  if (command === 'create' && (!role || !ROLES.includes(role) || !apiKeyNameRule.safeParse(name).success)) {
    process.stderr.write(`create needs --role (${ROLES.join(', ')}) and --name (letters, digits, _ . @ -)\n${USAGE}\n`);
    return 2;
  }
  if (command === 'revoke' && (name === undefined) === (parsed.word === undefined)) {
    process.stderr.write(`revoke needs the key's name or id, or --name NAME (one of them)\n${USAGE}\n`);
    return 2;
  }
  const storage = keep(await openStorage(loadConfig(), (line) => process.stderr.write(`${line}\n`)));
  const keys = new ApiKeyRepository(storage.db);
  if (command === 'create' && role && name) {
    if ((await keys.all()).some((k) => k.name === name && !k.revokedAt)) {
      process.stderr.write(`a key named ${name} exists; revoke it first or pick another name\n`);
      return 1;
    }
    const { key, keyId, hash } = newApiKey();
    await keys.create({ keyId, name, role, hash, createdAt: nowTimestamp(), revokedAt: null });
    process.stdout.write(`${key}\n`);
    process.stderr.write(`created ${role} key "${name}" (id ${keyId}); it is shown only now, store it safely\n`);
  } else if (command === 'list') {
    for (const k of await keys.all()) {
      process.stdout.write(`${k.name}\t${k.role}\t${k.keyId}\tcreated ${k.createdAt}${k.revokedAt ? `\trevoked ${k.revokedAt}` : ''}\n`);
    }
  } else {
    // --name matches names only; a bare word is a name or a key id.
    const target = (name ?? parsed.word) as string;
    const matches = (await keys.all()).filter((k) => !k.revokedAt && (k.name === target || (name === undefined && k.keyId === target)));
    if (matches.length === 0) {
      process.stderr.write(`no active key ${name === undefined ? 'named or with id' : 'named'} ${target}\n`);
      return 1;
    }
    for (const k of matches) await keys.revoke(k.keyId, nowTimestamp());
    process.stdout.write(`revoked ${matches.map((k) => `"${k.name}" (${k.keyId})`).join(', ')}\n`);
  }
  return 0;
});
