import type { EmailLayout, LayoutId, StoredLayout } from "../../lib/domain/email-layout.js";
import { ConflictError } from "../../lib/domain/errors.js";
import type { EmailLayoutStore, EmailTemplatePublisher } from "../../lib/ports/email-layouts.js";
import { copy, tick } from "./support.js";

/** `DynamoEmailLayoutStore` in memory: a save expects the previous version, else `ConflictError`. */
export class FakeEmailLayoutStore implements EmailLayoutStore {
  private readonly layouts = new Map<string, StoredLayout>();

  async get(tenantId: string, layoutId: LayoutId): Promise<StoredLayout | undefined> {
    await tick();
    const layout = this.layouts.get(`${tenantId}|${layoutId}`);
    return layout && copy(layout);
  }

  async list(tenantId: string): Promise<StoredLayout[]> {
    await tick();
    return [...this.layouts.values()]
      .filter((l) => l.tenantId === tenantId)
      .sort((a, b) => (a.layoutId < b.layoutId ? -1 : 1))
      .map(copy);
  }

  async put(layout: StoredLayout): Promise<void> {
    await tick();
    const key = `${layout.tenantId}|${layout.layoutId}`;
    const current = this.layouts.get(key);
    const expected = layout.version === 1 ? current === undefined : current?.version === layout.version - 1;
    if (!expected) {
      throw new ConflictError(
        `The ${layout.layoutId} layout was changed meanwhile; load it again and retry.`,
      );
    }
    this.layouts.set(key, copy(layout));
  }
}

/** Records the templates published, per tenant and layout (the last one wins, as an update does). */
export class FakeTemplatePublisher implements EmailTemplatePublisher {
  readonly published = new Map<string, EmailLayout>();
  /** Makes the next publishes throw (e.g. the `ValidationError` of a template SES refuses). */
  fail?: (layout: EmailLayout) => Error | undefined;

  async publish(tenantId: string, layout: EmailLayout): Promise<void> {
    await tick();
    const error = this.fail?.(layout);
    if (error) throw error;
    this.published.set(`${tenantId}|${layout.layoutId}`, copy(layout));
  }
}
