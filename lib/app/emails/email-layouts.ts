import { randomUUID } from "node:crypto";
import {
  assertValidLayout,
  defaultLayouts,
  type EmailLayout,
  type LayoutId,
  layoutIds,
  layoutRules,
  renderLayout,
  type StoredLayout,
  sampleValues,
} from "../../domain/email-layout.js";
import { ConflictError, NotFoundError } from "../../domain/errors.js";
import { actorOf, authorize, type Principal } from "../../domain/permissions.js";
import type { Deps } from "../deps.js";

type LayoutDeps = Pick<Deps, "tenants" | "layouts" | "templatePublisher" | "audit" | "clock">;

/** A layout as the API shows it: the tenant's own, or the default the tenant gets until it saves one. */
export type LayoutView = EmailLayout & {
  source: "tenant" | "default";
  version: number;
  updatedAt?: string;
  updatedBy?: string;
  description: string;
  requiredItems: readonly string[];
  optionalItems: readonly string[];
};

function view(layoutId: LayoutId, stored: StoredLayout | undefined): LayoutView {
  const rules = layoutRules[layoutId];
  const base = stored ?? defaultLayouts[layoutId];
  return {
    layoutId,
    subject: base.subject,
    html: base.html,
    text: base.text,
    source: stored ? "tenant" : "default",
    version: stored?.version ?? 0,
    ...(stored && { updatedAt: stored.updatedAt, updatedBy: stored.updatedBy }),
    description: rules.description,
    requiredItems: rules.required,
    optionalItems: rules.optional,
  };
}

/** Every layout of the principal's tenant. */
export async function listLayouts(deps: Pick<Deps, "layouts">, principal: Principal) {
  authorize(principal, "emails:layouts");
  const stored = new Map((await deps.layouts.list(principal.tenantId)).map((l) => [l.layoutId, l]));
  return layoutIds.map((id) => view(id, stored.get(id)));
}

export async function getLayout(deps: Pick<Deps, "layouts">, principal: Principal, layoutId: LayoutId) {
  authorize(principal, "emails:layouts");
  return view(layoutId, await deps.layouts.get(principal.tenantId, layoutId));
}

/**
 * Saves one of the tenant's layouts.
 * 1. Validate: sizes, required and known merge items, no secret in the subject.
 * 2. `expectedVersion` (the version the editor loaded; 0 for the default) guards against overwriting a
 *    colleague's save.
 * 3. Publish it as the tenant's SES template (create or update) first: a layout SES refuses (422) is not stored,
 *    so the stored layout and the template in use stay the same. Then store it at the next version; if a
 *    colleague's save won meanwhile (409), their layout is published again.
 * 4. Audit.
 */
export async function saveLayout(
  deps: LayoutDeps,
  principal: Principal,
  input: EmailLayout & { expectedVersion?: number },
): Promise<LayoutView> {
  authorize(principal, "emails:layouts");
  const { expectedVersion, ...layout } = input;
  assertValidLayout(layout);
  const current = await deps.layouts.get(principal.tenantId, layout.layoutId);
  const currentVersion = current?.version ?? 0;
  if (expectedVersion !== undefined && expectedVersion !== currentVersion) {
    throw new ConflictError(
      `The ${layout.layoutId} layout is at version ${currentVersion}, not ${expectedVersion}; load it again.`,
    );
  }
  const saved = await store(deps, principal, layout, currentVersion + 1);
  await deps.audit.record({
    tenantId: principal.tenantId,
    eventId: randomUUID(),
    at: saved.updatedAt,
    actor: actorOf(principal),
    action: "email-layout.saved",
    details: { layoutId: layout.layoutId, version: saved.version },
  });
  return view(layout.layoutId, saved);
}

async function store(deps: LayoutDeps, principal: Principal, layout: EmailLayout, version: number) {
  const saved: StoredLayout = {
    tenantId: principal.tenantId,
    layoutId: layout.layoutId,
    subject: layout.subject,
    html: layout.html,
    text: layout.text,
    version,
    updatedAt: deps.clock.now().toISOString(),
    updatedBy: actorOf(principal),
  };
  await deps.templatePublisher.publish(principal.tenantId, saved);
  try {
    await deps.layouts.put(saved);
  } catch (error) {
    // Not stored (e.g. a colleague saved first): the template goes back to what is stored.
    const stored = await deps.layouts.get(principal.tenantId, layout.layoutId);
    if (stored) await deps.templatePublisher.publish(principal.tenantId, stored);
    throw error;
  }
  return saved;
}

/**
 * Imports the default layouts as the tenant's own, to customise (IndySoft's "import the default login email
 * layouts").
 * 1. The environment name must be set first: the layouts greet users with it (the seed's rule).
 * 2. Each layout the tenant has not saved yet is copied and published; with `replace`, saved ones are reset too.
 */
export async function importDefaultLayouts(
  deps: LayoutDeps,
  principal: Principal,
  input: { replace: boolean },
): Promise<{ imported: LayoutId[]; kept: LayoutId[] }> {
  authorize(principal, "emails:layouts");
  const tenant = await deps.tenants.get(principal.tenantId);
  if (!tenant) throw new NotFoundError("Tenant");
  if (!tenant.environmentName) {
    throw new ConflictError(
      "Set the tenant's environment name (PATCH /v1/tenant) before importing the default layouts: they show it.",
    );
  }
  const stored = new Map((await deps.layouts.list(tenant.tenantId)).map((l) => [l.layoutId, l]));
  const imported: LayoutId[] = [];
  const kept: LayoutId[] = [];
  for (const layoutId of layoutIds) {
    const current = stored.get(layoutId);
    if (current && !input.replace) {
      kept.push(layoutId);
      continue;
    }
    await store(deps, principal, defaultLayouts[layoutId], (current?.version ?? 0) + 1);
    imported.push(layoutId);
  }
  await deps.audit.record({
    tenantId: tenant.tenantId,
    eventId: randomUUID(),
    at: deps.clock.now().toISOString(),
    actor: actorOf(principal),
    action: "email-layouts.imported",
    details: { imported, kept },
  });
  return { imported, kept };
}

/**
 * Renders a layout with sample values: a draft (validated like a save, stored nowhere) or, without one, the
 * layout the tenant's emails use now.
 */
export async function previewLayout(
  deps: Pick<Deps, "tenants" | "layouts">,
  principal: Principal,
  layoutId: LayoutId,
  draft?: Omit<EmailLayout, "layoutId">,
) {
  authorize(principal, "emails:layouts");
  const tenant = await deps.tenants.get(principal.tenantId);
  if (!tenant) throw new NotFoundError("Tenant");
  let layout: EmailLayout;
  if (draft) {
    layout = { layoutId, ...draft };
    assertValidLayout(layout);
  } else {
    layout = (await deps.layouts.get(tenant.tenantId, layoutId)) ?? defaultLayouts[layoutId];
  }
  const values = sampleValues(layoutId, tenant);
  return { layoutId, values, ...renderLayout(layout, values) };
}
