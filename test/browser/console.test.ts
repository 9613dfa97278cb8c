/**
 * The web console in a real browser (Debian's chromium through playwright-core) against a real server on
 * a real port and store; changes from "anyone else" are made with DingTalk's official SDK.
 */
import assert from "node:assert/strict";
import { after, afterEach, before, test } from "node:test";
import AxeBuilder from "@axe-core/playwright";
import type { Page } from "playwright-core";
import { ADMIN_KEY, buildTestApp, type TestContext } from "../helpers/app.js";
import { type Browser, browserMissing, launchBrowser } from "../helpers/browser.js";
import { conference, oauth2, sdkClients } from "../helpers/sdk.js";
import { listen } from "../helpers/watch.js";

const missing = browserMissing();
let ctx: TestContext;
let browser: Browser;
let url: string;
let port: number;
let page: Page;

before(async () => {
  if (missing) return;
  browser = await launchBrowser();
});
after(() => browser?.close());
afterEach(async () => {
  await page?.close();
  await ctx?.close();
});

async function start() {
  ctx = await buildTestApp();
  url = await listen(ctx.app);
  port = Number(new URL(url).port);
  page = await browser.page();
}

async function signIn() {
  await page.goto(`${url}/console/`);
  await page.getByLabel("Admin key").fill(ADMIN_KEY);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.getByRole("heading", { name: "Conferences", level: 1 }).waitFor();
}

/** The official SDK, as another program would use it. */
async function sdk() {
  const { oauth, conf, runtime } = sdkClients(port);
  const tok = await oauth.getAccessToken(
    new oauth2.GetAccessTokenRequest({ appKey: "acme-app", appSecret: "acme-secret" }),
  );
  const token = tok.body!.accessToken!;
  return {
    token,
    create: async (title: string, invite: string[]) =>
      (
        await conf.createVideoConferenceWithOptions(
          new conference.CreateVideoConferenceRequest({
            userId: "union-alice",
            confTitle: title,
            inviteUserIds: invite,
          }),
          new conference.CreateVideoConferenceHeaders({ xAcsDingtalkAccessToken: token }),
          runtime,
        )
      ).body!.conferenceId!,
    cohost: (id: string, unionId: string) =>
      conf.cohostsWithOptions(
        id,
        new conference.CohostsRequest({
          action: "add",
          userList: [new conference.CohostsRequestUserList({ unionId })],
        }),
        new conference.CohostsHeaders({ xAcsDingtalkAccessToken: token }),
        runtime,
      ),
  };
}

const row = (unionId: string) => page.locator(`tr[data-union-id="${unionId}"]`);

test(
  "sign-in refuses a wrong admin key with its code and accepts the right one",
  { skip: missing },
  async () => {
    await start();
    await page.goto(`${url}/console/`);
    await page.getByLabel("Admin key").fill("not-the-admin-key");
    await page.getByRole("button", { name: "Sign in" }).click();
    assert.equal(
      await page.getByRole("alert").getByTestId("error-code").textContent(),
      "vconf.AdminKeyRequired",
    );
    await page.getByLabel("Admin key").fill(ADMIN_KEY);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.getByRole("heading", { name: /Acme/ }).waitFor();
    await page.getByRole("status", { name: "Live updates: Live" }).waitFor();
  },
);

test(
  "a meeting created with the SDK appears, and a click makes a member co-host as the API then says",
  { skip: missing },
  async () => {
    await start();
    await signIn();
    const api = await sdk();
    const id = await api.create("Design review", ["union-bob", "union-carol"]);
    // Created after the page loaded: it arrives through the watch stream.
    await page
      .getByRole("region", { name: "Live conferences of dingcorp-acme" })
      .getByRole("link", { name: "Design review" })
      .click();
    await page.getByRole("heading", { name: /Design review/ }).waitFor();

    await page.getByRole("button", { name: "Make Bob co-host" }).click();
    await page.getByRole("status").filter({ hasText: "Make Bob co-host: done" }).waitFor();
    await row("union-bob").getByTestId("role").filter({ hasText: "co-host" }).waitFor();

    const res = await fetch(`${url}/v1.0/conference/videoConferences/${id}/members`, {
      headers: { "x-acs-dingtalk-access-token": api.token },
    });
    const { memberModels } = await res.json();
    const roles = Object.fromEntries(
      memberModels.map((m: { unionId: string; coHost: boolean }) => [m.unionId, m.coHost]),
    );
    assert.deepEqual(roles, { "union-alice": false, "union-bob": true, "union-carol": false });
  },
);

test(
  "a change made through the SDK shows up in the open roster without a reload",
  { skip: missing },
  async () => {
    await start();
    const api = await sdk();
    const id = await api.create("Standup", ["union-bob", "union-carol"]);
    await signIn();
    await page.goto(`${url}/console/#/conferences/${id}`);
    await row("union-carol").getByTestId("role").filter({ hasText: "attendee" }).waitFor();
    await page.getByRole("status", { name: "Live updates: Live" }).waitFor();
    await page.evaluate(() => ((window as unknown as { marker: string }).marker = "same page"));

    await api.cohost(id, "union-carol");
    await row("union-carol").getByTestId("role").filter({ hasText: "co-host" }).waitFor();
    await page.getByRole("cell", { name: "Cohosts" }).first().waitFor(); // the audit trail too
    assert.equal(await page.evaluate(() => (window as unknown as { marker?: string }).marker), "same page");
  },
);

test("a refused action shows DingTalk's code and changes nothing", { skip: missing }, async () => {
  await start();
  const api = await sdk();
  const id = await api.create("Retro", ["union-bob"]);
  await signIn();
  await page.goto(`${url}/console/#/conferences/${id}`);

  await page.getByRole("button", { name: "Alice joins" }).click();
  await row("union-alice").getByTestId("attend").filter({ hasText: "in meeting" }).waitFor();
  await page.getByRole("button", { name: "Kick Alice" }).click();
  const alert = page.getByRole("alert");
  assert.equal(await alert.getByTestId("error-code").textContent(), "paramsError");
  assert.match((await alert.textContent()) ?? "", /Kick Alice refused.*the host cannot be kicked.*HTTP 400/);
  assert.equal(await row("union-alice").getByTestId("attend").textContent(), "in meeting");

  await page.getByRole("button", { name: "Lock meeting" }).click();
  await page.getByTestId("settings").filter({ hasText: "locked" }).waitFor();
  await page.getByRole("button", { name: "Bob joins" }).click();
  assert.equal(await page.getByRole("alert").getByTestId("error-code").textContent(), "joinRefused");
  assert.equal(await row("union-bob").getByTestId("attend").textContent(), "invited");
});

test("the request journal tails live, with the refusal's code", { skip: missing }, async () => {
  await start();
  await signIn();
  await page.getByRole("link", { name: "Requests" }).click();
  await page.getByRole("heading", { name: "Requests" }).waitFor();
  const api = await sdk();
  const id = await api.create("Tail", []);
  await fetch(`${url}/v1.0/conference/videoConferences/${id}/coHosts/set`, {
    method: "POST",
    headers: { "x-acs-dingtalk-access-token": api.token, "content-type": "application/json" },
    body: JSON.stringify({ action: "add", userList: [{ unionId: "union-nobody" }] }),
  });
  const journal = page.getByRole("table", { name: "Request journal, newest first" });
  await journal
    .getByRole("row")
    .filter({ hasText: "Cohosts" })
    .filter({ hasText: "unknownUserError" })
    .waitFor();
  await journal.getByRole("row").filter({ hasText: "CreateVideoConference" }).waitFor();
});

test("the console works in a narrow window", { skip: missing }, async () => {
  await start();
  const api = await sdk();
  const id = await api.create("Narrow", ["union-bob"]);
  await page.setViewportSize({ width: 400, height: 800 });
  await signIn();
  await page.goto(`${url}/console/#/conferences/${id}`);
  await page.getByRole("button", { name: "Make Bob co-host" }).click();
  await row("union-bob").getByTestId("role").filter({ hasText: "co-host" }).waitFor();
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 0, `the page scrolls sideways by ${overflow}px`);
});

test(
  "every view passes axe's WCAG A/AA checks (names, labels, roles, contrast), wide and narrow",
  { skip: missing },
  async () => {
    await start();
    const api = await sdk();
    const id = await api.create("Accessible", ["union-bob"]);
    await signIn();
    const views = ["#/", `#/conferences/${id}`, "#/requests", "#/faults", "#/events"];
    for (const viewport of [
      { width: 1280, height: 800 },
      { width: 400, height: 800 },
    ]) {
      await page.setViewportSize(viewport);
      for (const view of views) {
        await page.goto(`${url}/console/${view}`);
        await page.getByRole("heading", { level: 1 }).first().waitFor();
        await page.getByRole("status", { name: "Live updates: Live" }).waitFor();
        const { violations } = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa"]).analyze();
        const found = violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
        assert.deepEqual(found, [], `${view} at ${viewport.width}px`);
      }
    }
  },
);
