import * as z from "zod";

/**
 * Names and subjects end up in email headers, CSV reports, printed slips and logs: a line break there can add a
 * header or a row, and a control or bidi-override character can hide what a name says. Such text is one line of
 * visible characters.
 */
const forbidden = /[\p{Cc}\u2028\u2029\u202A-\u202E\u2066-\u2069]/u;

/** Whether text holds a line break, a control character (C0, DEL, C1) or a bidi override. */
export function hasControlCharacters(text: string): boolean {
  return forbidden.test(text);
}

export const controlCharacterMessage = "must not contain line breaks or control characters";

/** A trimmed single-line name of 1 to `max` characters without control characters. */
export function plainName(max: number) {
  return z
    .string()
    .trim()
    .min(1)
    .max(max)
    .refine((text) => !hasControlCharacters(text), controlCharacterMessage);
}
