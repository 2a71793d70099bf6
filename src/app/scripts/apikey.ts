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
  npm run apikey -- revoke NAME_OR_ID                              every instance refuses it within API_KEY_CACHE_MS`;

function option(args: string[], name: string): string | undefined {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : undefined;
}

/**
 * `npm run apikey`: creates, lists and revokes API keys in the table (only hashes are stored). The key alone goes to
 * stdout (`KEY=$(npm run --silent apikey -- create ...)`); everything else to stderr.
 */
runScript('apikey', async (keep) => {
  const args = process.argv.slice(2);
  const [command, ...rest] = args;
  if (!['create', 'list', 'revoke'].includes(command ?? '')) {
    process.stderr.write(`${USAGE}\n`);
    return 2;
  }
  const role = option(rest, 'role') as Role | undefined;
  const name = option(rest, 'name');
  if (command === 'create' && (!role || !ROLES.includes(role) || !apiKeyNameRule.safeParse(name).success)) {
    process.stderr.write(`create needs --role (${ROLES.join(', ')}) and --name (letters, digits, _ . @ -)\n${USAGE}\n`);
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
    const target = rest[0];
    const matches = (await keys.all()).filter((k) => !k.revokedAt && (k.name === target || k.keyId === target));
    if (!target || matches.length === 0) {
      process.stderr.write(`no active key named or with id ${target ?? '(missing)'}\n`);
      return 1;
    }
    for (const k of matches) await keys.revoke(k.keyId, nowTimestamp());
    process.stdout.write(`revoked ${matches.map((k) => `"${k.name}" (${k.keyId})`).join(', ')}\n`);
  }
  return 0;
});
