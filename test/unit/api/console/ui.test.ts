import type { APIGatewayProxyEventV2 } from "aws-lambda";
import { describe, expect, it } from "vitest";
import { handler as assetHandler } from "../../../../functions/http/asset.js";
import { assetNamed, assets } from "../../../../lib/api/assets.js";
import {
  doneMessage,
  flash,
  localTime,
  pager,
  postButton,
  slicePage,
  sortHeader,
  withQuery,
} from "../../../../lib/api/console/ui.js";

describe("console widgets", () => {
  it("keeps the other query values in a list's links and drops empty ones", () => {
    expect(withQuery("/console/users", { q: "ann & co", page: 2, sort: "" })).toBe(
      "/console/users?q=ann+%26+co&page=2",
    );
    expect(withQuery("/console/users", {})).toBe("/console/users");
  });

  it("sorts by a column ascending first, then reverses it, and says so to screen readers", () => {
    const href = (s: { sort: string; dir: string }) => withQuery("/l", s);
    const unsorted = sortHeader({
      label: "Name",
      key: "name",
      state: { sort: "type", dir: "asc" },
      href,
    }).value;
    expect(unsorted).toContain('href="/l?sort=name&amp;dir=asc"');
    expect(unsorted).not.toContain("aria-sort");
    const sorted = sortHeader({
      label: "Name",
      key: "name",
      state: { sort: "name", dir: "asc" },
      href,
    }).value;
    expect(sorted).toContain('aria-sort="ascending"');
    expect(sorted).toContain("dir=desc");
  });

  it("pages: previous and next only where they exist, the count, and a labelled page-size choice", () => {
    const first = pager({ path: "/l", query: { q: "x" }, page: 1, size: 10, total: 25 }).value;
    expect(first).not.toContain('rel="prev"');
    expect(first).toContain('href="/l?q=x&amp;page=2&amp;size=10" rel="next"');
    expect(first).toContain("Page 1 of 3 (25 in all)");
    expect(first).toMatch(
      /<label for="page-size"[^>]*>Per page<\/label> <select id="page-size" name="size">/,
    );
    const last = pager({ path: "/l", query: {}, page: 3, size: 10, total: 25 }).value;
    expect(last).toContain('rel="prev"');
    expect(last).not.toContain('rel="next"');
    expect(slicePage([1, 2, 3, 4, 5], 3, 2)).toEqual([5]);
    expect(slicePage([1, 2, 3], 9, 2)).toEqual([3]);
  });

  it("puts the form token in every button's form and escapes what it shows", () => {
    const button = postButton({
      action: "/x",
      label: "<b>Go</b>",
      csrf: "tok",
      fields: { id: '"><script>' },
      variant: "danger",
    }).value;
    expect(button).toContain('<input type="hidden" name="csrf" value="tok">');
    expect(button).toContain("&lt;b&gt;Go");
    expect(button).not.toContain("<script>");
    expect(flash("Saved & sent").value).toContain('role="status"');
    expect(flash("No", "error").value).toContain('role="alert"');
    expect(flash(undefined).value).toBe("");
  });

  it("turns a redirect's done code into the screen's own message only, never an inherited name", () => {
    const messages = { saved: "Saved." };
    expect(doneMessage(messages, "saved")).toBe("Saved.");
    for (const code of ["constructor", "toString", "__proto__", "hasOwnProperty", "", undefined]) {
      expect(doneMessage(messages, code)).toBeUndefined();
    }
  });

  it("shows times in the school's zone, with the zone's name", () => {
    expect(localTime("2026-07-01T12:00:00Z", "Europe/London")).toBe("1 Jul 2026, 13:00 BST");
    expect(localTime("2026-12-01T12:00:00Z", "Europe/London")).toBe("1 Dec 2026, 12:00 GMT");
    expect(localTime("2026-12-01T12:00:00Z", "Asia/Dubai")).toBe("1 Dec 2026, 16:00 GST");
    expect(localTime("not a date", "Europe/London")).toBe("");
  });
});

describe("the pages' assets", () => {
  const get = (file: string) =>
    assetHandler({ pathParameters: { file } } as unknown as APIGatewayProxyEventV2) as Promise<{
      statusCode: number;
      headers: Record<string, string>;
      body: string;
    }>;

  it("serves the stylesheet and script at hashed addresses, cached for a year; anything else is 404", async () => {
    const css = await get(assets.stylesheet.path.replace("/assets/", ""));
    expect(css.statusCode).toBe(200);
    expect(css.headers["content-type"]).toContain("text/css");
    expect(css.headers["cache-control"]).toContain("immutable");
    expect(css.body).toContain("@page{size:A4");
    const js = await get(assets.script.path.replace("/assets/", ""));
    expect(js.headers["content-type"]).toContain("javascript");
    expect((await get("latchkey.000000000000.css")).statusCode).toBe(404);
    expect(assetNamed("../etc/passwd")).toBeUndefined();
  });

  it("keeps the script small: the issue's budget is about 50 KB a page", () => {
    expect(Buffer.byteLength(assets.script.body)).toBeLessThan(50 * 1024);
    expect(assets.script.path).toMatch(/^\/assets\/console\.[0-9a-f]{12}\.js$/);
  });
});
