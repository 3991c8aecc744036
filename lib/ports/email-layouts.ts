import type { EmailLayout, LayoutId, StoredLayout } from "../domain/email-layout.js";

/** Tenants' own email layouts, kept in the table (the source the SES templates are built from). */
export interface EmailLayoutStore {
  get(tenantId: string, layoutId: LayoutId): Promise<StoredLayout | undefined>;
  list(tenantId: string): Promise<StoredLayout[]>;
  /**
   * Saves a layout at `layout.version`: the first save of a layout expects none stored (version 1), later saves
   * the previous version; otherwise `ConflictError` (someone else saved it meanwhile).
   */
  put(layout: StoredLayout): Promise<void>;
}

/** Publishes layouts as email templates of the sending service (SESv2 `CreateEmailTemplate`/`UpdateEmailTemplate`). */
export interface EmailTemplatePublisher {
  /** Creates or updates the tenant's template for this layout; idempotent. */
  publish(tenantId: string, layout: EmailLayout): Promise<void>;
}
