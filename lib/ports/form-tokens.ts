/**
 * CSRF tokens of the hosted pages' forms. A token is bound to one session (its id) or, before there is a session,
 * to the random value of the browser's pre-session cookie (a signed double-submit cookie): a token from another
 * session or browser, or made up, does not verify.
 */
export interface FormTokens {
  issue(binding: string): Promise<string>;
  verify(binding: string, token: string): Promise<boolean>;
}
