import { ForbiddenError } from "../../domain/errors.js";
import { ownerOf } from "../../domain/identity.js";
import type { Principal } from "../../domain/permissions.js";
import type { Deps } from "../deps.js";

/**
 * The signed-in person's own history, newest first: a Latchkey ID session reads the identity's history (links,
 * consents, switches, its password, authenticators — from every school); any other session its account's. Never an
 * API key: a key is nobody's "me".
 */
export function listMyEvents(
  deps: Pick<Deps, "audit">,
  principal: Principal,
  page: { limit: number; cursor?: string },
) {
  if (principal.kind !== "user")
    throw new ForbiddenError("An API key is not a person; sign in to read your history");
  const owner = ownerOf(principal);
  return deps.audit.forUser(owner.tenantId, owner.userId, page);
}
