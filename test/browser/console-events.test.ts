/**
 * The console's Events view in a real browser (Debian's chromium through playwright-core) against a real
 * server delivering to DingTalk's own Stream client (npm `dingtalk-stream`); meetings are made with
 * DingTalk's official SDK, as another program would.
 */
import assert from "node:assert/strict";
import { after, afterEach, before, test } from "node:test";
import AxeBuilder from "@axe-core/playwright";
import type { Page } from "playwright-core";
import { VconfClient } from "../../src/client/index.js";
import { ADMIN_KEY, buildTestApp, type TestContext } from "../helpers/app.js";
import { type Browser, browserMissing, launchBrowser } from "../helpers/browser.js";
import { conference, oauth2, sdkClients } from "../helpers/sdk.js";
import { officialStreamClient, until } from "../helpers/stream.js";

const missing = browserMissing();
let ctx: TestContext;
let browser: Browser;
let page: Page;
const cleanups: (() => unknown)[] = [];

before(async () => {
  if (missing) return;
  browser = await launchBrowser();
});
after(() => browser?.close());
afterEach(async () => {
  for (const c of cleanups.splice(0)) await c();
  await page?.close();
  await ctx?.close();
});

/** A server that delivers events (real clock, Stream gateway attached), a page signed in on Events. */
async function start() {
  ctx = await buildTestApp({ listen: true, realClock: true });
  page = await browser.page();
  await page.goto(`${ctx.url}/console/`);
  await page.getByLabel("Admin key").fill(ADMIN_KEY);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.getByRole("link", { name: "Events" }).click();
  await page.getByRole("heading", { name: "Events", level: 1 }).waitFor();
  await page.getByRole("status", { name: "Live updates: Live" }).waitFor();
}

/** CreateVideoConference through the official SDK as acme-app. */
async function createWithSdk(title: string) {
  const { oauth, conf, runtime } = sdkClients(ctx.port);
  const tok = await oauth.getAccessToken(
    new oauth2.GetAccessTokenRequest({ appKey: "acme-app", appSecret: "acme-secret" }),
  );
  const created = await conf.createVideoConferenceWithOptions(
    new conference.CreateVideoConferenceRequest({ userId: "union-alice", confTitle: title }),
    new conference.CreateVideoConferenceHeaders({ xAcsDingtalkAccessToken: tok.body!.accessToken! }),
    runtime,
  );
  return created.body!.conferenceId!;
}

const outbox = () => page.getByRole("table", { name: "Event outbox, newest first" });
/** The start event's row: the general status event (not its _target_push twin) of that meeting. */
const startRow = (title: string) =>
  outbox()
    .getByRole("row")
    .filter({ hasText: "conference_created" })
    .filter({ hasText: title })
    .filter({ has: page.getByText("meeting_status_change", { exact: true }) });

test(
  "a meeting's start event appears without a reload, and its delivery to a Stream client turns delivered",
  { skip: missing },
  async () => {
    await start();
    const stream = await officialStreamClient(ctx.url, "acme-app", "acme-secret");
    cleanups.push(stream.close);
    await page.evaluate(() => ((window as unknown as { marker: string }).marker = "same page"));

    const id = await createWithSdk("Launch review");
    const row = startRow("Launch review");
    await row.waitFor();
    assert.equal(await row.getByRole("cell").nth(3).textContent(), "#1", "statusSeqNum");
    assert.equal(
      await row.getByRole("link", { name: "Launch review" }).getAttribute("href"),
      `#/conferences/${id}`,
    );
    const delivery = row.locator('li[data-subscriber="acme-app"]');
    await delivery.getByTestId("delivery-status").filter({ hasText: "delivered" }).waitFor();
    assert.equal(await delivery.getByTestId("attempts").textContent(), "1 attempt");
    assert.match((await delivery.textContent()) ?? "", /Stream · acme-app/);
    assert.equal(await page.evaluate(() => (window as unknown as { marker?: string }).marker), "same page");

    // The official client did receive it, once.
    const eventId = await row.getAttribute("data-event-id");
    await until(() => stream.received.some((f) => f.headers.eventId === eventId), 10_000, "the frame");

    // Redeliver, with the first send lost on the way (a delivery fault): the console shows the retry's
    // reason, then the acknowledgement; 2 attempts, counted again from 0 by the redelivery.
    const admin = new VconfClient({ url: ctx.url, adminKey: ADMIN_KEY });
    await admin.setFaults({ faults: [{ delivery: "stream", appKey: "acme-app", drop: true, count: 1 }] });
    await row.getByRole("button", { name: "Redeliver meeting_status_change #1 of Launch review" }).click();
    await page.getByRole("status").filter({ hasText: "1 delivery pending again" }).waitFor();
    await delivery.getByTestId("attempts").filter({ hasText: "2 attempts" }).waitFor();
    await delivery.getByTestId("delivery-status").filter({ hasText: "delivered" }).waitFor();
    assert.equal(await delivery.getByTestId("last-error").textContent(), "no ACK within 300 ms");
    await until(
      () => stream.received.filter((f) => f.headers.eventId === eventId).length === 2,
      10_000,
      "the redelivered frame",
    );
  },
);

test("filters by type and conference; pause holds the view until resumed", { skip: missing }, async () => {
  await start();
  await createWithSdk("Alpha");
  await startRow("Alpha").waitFor();
  const rows = () => outbox().locator("tbody tr");
  // Both the general event and its twin to the creating app.
  assert.equal(await rows().count(), 2);

  await page.getByLabel("Type").selectOption("meeting_status_change_target_push");
  assert.equal(await rows().count(), 1);
  await page.getByLabel("Type").selectOption("");

  await page.getByRole("button", { name: "Pause" }).click();
  await createWithSdk("Beta");
  // Its two events arrived (the view counts them) but stay off the table until resumed.
  await page.getByText("2 new events held").waitFor();
  assert.equal(await outbox().getByText("Beta").count(), 0, "paused: nothing new shows");
  await page.getByRole("button", { name: "Resume" }).click();
  await startRow("Beta").waitFor();

  await page.getByLabel("Conference").fill("alp");
  await startRow("Alpha").waitFor();
  assert.equal(await outbox().getByText("Beta").count(), 0);
  assert.equal(await rows().count(), 2);
});

test(
  "the Events view with deliveries passes axe's WCAG A/AA checks, wide and narrow",
  { skip: missing },
  async () => {
    await start();
    const stream = await officialStreamClient(ctx.url, "acme-app", "acme-secret");
    cleanups.push(stream.close);
    await createWithSdk("Accessible events");
    await startRow("Accessible events")
      .getByTestId("delivery-status")
      .filter({ hasText: "delivered" })
      .waitFor();
    for (const viewport of [
      { width: 1280, height: 800 },
      { width: 400, height: 800 },
    ]) {
      await page.setViewportSize(viewport);
      const { violations } = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa"]).analyze();
      const found = violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
      assert.deepEqual(found, [], `at ${viewport.width}px`);
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      assert.ok(overflow <= 0, `the page scrolls sideways by ${overflow}px at ${viewport.width}px`);
    }
  },
);
