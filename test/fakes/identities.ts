import { normaliseEmail } from "../../lib/domain/model.js";
import type {
  ConsentOutcome,
  Identity,
  IdentityLink,
  IdentityStore,
  LinkedAccount,
} from "../../lib/ports/identity-store.js";
import { copy, tick } from "./support.js";
import type { FakeTenantRepository } from "./tenants.js";
import type { FakeUserRepository } from "./users.js";

/**
 * `DynamoIdentityStore` in memory. The links are the user repository's (an account's email makes its link); this
 * fake keeps the identities and the schools' consents on those links. Counts the reads of `linkedAccounts`.
 */
export class FakeIdentityStore implements IdentityStore {
  private readonly identities = new Map<string, Identity>();
  private readonly consents = new Map<string, { consentedAt: string; consentedBy: string }>();
  /** Calls `linkedAccounts` made to the table: one query, one batch get (per 100 keys). */
  reads = 0;

  constructor(
    private readonly users: FakeUserRepository,
    private readonly tenants: FakeTenantRepository,
  ) {}

  async get(email: string): Promise<Identity | undefined> {
    await tick();
    const found = this.identities.get(normaliseEmail(email));
    return found && copy(found);
  }

  async create(identity: Identity): Promise<boolean> {
    await tick();
    if (this.identities.has(identity.email)) return false;
    this.identities.set(identity.email, copy(identity));
    return true;
  }

  async markEmailProven(email: string, at: Date): Promise<void> {
    await tick();
    const identity = this.identities.get(normaliseEmail(email));
    if (!identity) throw new Error("ConditionalCheckFailedException");
    identity.emailProvenAt ??= at.toISOString();
    identity.version += 1;
  }

  async addSchools(email: string, tenantIds: readonly string[]): Promise<void> {
    await tick();
    const identity = this.identities.get(normaliseEmail(email));
    if (!identity) throw new Error("ConditionalCheckFailedException");
    identity.schools = [...new Set([...(identity.schools ?? []), ...tenantIds])].sort();
    identity.version += 1;
  }

  async links(email: string): Promise<IdentityLink[]> {
    const wanted = normaliseEmail(email);
    return (await this.users.identityLinks(wanted)).map((link) => ({
      ...link,
      ...this.consents.get(key(wanted, link.tenantId, link.userId)),
    }));
  }

  async linkedAccounts(email: string): Promise<LinkedAccount[]> {
    const links = await this.links(email);
    this.reads += 1 + Math.ceil((links.length * 2) / 100);
    return Promise.all(
      links.map(async (link) => {
        const user = await this.users.get(link.tenantId, link.userId);
        const tenant = await this.tenants.get(link.tenantId);
        return {
          ...link,
          ...(user && {
            user: { status: user.status, roles: user.roles, username: user.username, email: user.email },
          }),
          ...(tenant && { tenantName: tenant.name }),
        };
      }),
    );
  }

  async consent(
    email: string,
    account: { tenantId: string; userId: string; accountEmail: string },
    by: string,
    at: Date,
  ): Promise<ConsentOutcome> {
    await tick();
    const user = await this.users.get(account.tenantId, account.userId);
    if (user?.email !== account.accountEmail) return "email-changed";
    const k = key(normaliseEmail(email), account.tenantId, account.userId);
    if (this.consents.has(k)) return "already-consented";
    this.consents.set(k, { consentedAt: at.toISOString(), consentedBy: by });
    return "consented";
  }

  async withdrawConsent(email: string, tenantId: string, userId: string): Promise<boolean> {
    await tick();
    return this.consents.delete(key(normaliseEmail(email), tenantId, userId));
  }
}

const key = (email: string, tenantId: string, userId: string) => `${email}|${tenantId}|${userId}`;
