import { apiError, DATABASE_UNAVAILABLE_MESSAGE, isDatabaseUnavailable } from '../../platform/errors';
import { allows, parseApiKey, sameSecret, secretMatches, type ApiKeyRecord, type Role } from './api-key';
import type { ApiKeyRepository } from './api-key-repository';

/** Who is calling: the key's name (stamped on every item the request writes) and role. */
export interface Caller {
  name: string;
  role: Role;
}

/** The caller when auth is off: everything is allowed. */
export const OPEN_CALLER: Caller = { name: 'anonymous', role: 'admin' };

/**
 * Checks `Authorization: Bearer <key>` against the keys in the table, cached in memory for `ttlMs`: a request costs
 * no DynamoDB read, and a key created or revoked anywhere takes effect on every instance within `ttlMs`.
 */
export class Authenticator {
  private cache: Map<string, ApiKeyRecord> | null = null;
  private loadedAt = 0;
  private loading: Promise<Map<string, ApiKeyRecord>> | null = null;

  constructor(
    private readonly keys: ApiKeyRepository,
    private readonly opts: { ttlMs: number; bootstrapAdminKey?: string },
  ) {}

  /** The caller a header proves, or null for none, an unknown, malformed or revoked key. */
  async authenticate(header: string | undefined): Promise<Caller | null> {
    const token = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '')?.[1];
    if (!token) return null;
    if (this.opts.bootstrapAdminKey && sameSecret(token, this.opts.bootstrapAdminKey)) return { name: 'bootstrap-admin', role: 'admin' };
    const parsed = parseApiKey(token);
    if (!parsed) return null;
    const record = (await this.current()).get(parsed.keyId);
    if (!record || record.revokedAt || !secretMatches(parsed.secret, record.hash)) return null;
    return { name: record.name, role: record.role };
  }

  /**
   * The cached keys, reloaded (once, whoever asks) when older than the TTL. When the table cannot be read, the keys
   * last read still decide (and the next request tries again): every operation needs DynamoDB anyway, so a caller
   * then gets the operation's own SERVICE_UNAVAILABLE rather than a failed authentication. With no keys read yet, the
   * request fails with SERVICE_UNAVAILABLE.
   */
  private async current(): Promise<Map<string, ApiKeyRecord>> {
    if (this.cache && Date.now() - this.loadedAt < this.opts.ttlMs) return this.cache;
    this.loading ??= this.keys
      .all()
      .then((records) => {
        this.cache = new Map(records.map((r) => [r.keyId, r]));
        this.loadedAt = Date.now();
        return this.cache;
      })
      .finally(() => {
        this.loading = null;
      });
    try {
      return await this.loading;
    } catch (error) {
      if (!isDatabaseUnavailable(error)) throw error;
      if (this.cache) return this.cache;
      // A GraphQL error in a 200 response, like every other SERVICE_UNAVAILABLE: the request may simply be retried.
      throw apiError('SERVICE_UNAVAILABLE', DATABASE_UNAVAILABLE_MESSAGE, { http: { status: 200 } });
    }
  }
}

/** The role an operation needs: reader for queries, writer for trainer mutations, admin for deleteJob. */
export function requiredRole(operation: 'query' | 'mutation' | 'subscription', rootFields: readonly string[]): Role {
  if (operation !== 'mutation') return 'reader';
  return rootFields.some((f) => ADMIN_MUTATIONS.has(f)) ? 'admin' : 'writer';
}

const ADMIN_MUTATIONS: ReadonlySet<string> = new Set(['deleteJob']);

/** Throws UNAUTHENTICATED (no valid key) or FORBIDDEN (role too low); both before any resolver runs. */
export function authorize(caller: Caller | null, needed: Role): void {
  if (!caller)
    throw apiError('UNAUTHENTICATED', 'a valid API key is required: send `Authorization: Bearer <key>`', { http: { status: 401 } });
  if (!allows(caller.role, needed)) {
    throw apiError('FORBIDDEN', `this operation needs the ${needed} role; the key "${caller.name}" has ${caller.role}`, {
      http: { status: 403 },
    });
  }
}
