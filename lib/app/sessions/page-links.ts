/** The hosted sign-in page of a school (`SIGN_IN_LINK` in `PASSWORD_EMAIL_NEW`). */
export function signInPageUrl(publicBaseUrl: string, tenantId: string): string {
  return `${publicBaseUrl}/sign-in?tenant=${encodeURIComponent(tenantId)}`;
}
