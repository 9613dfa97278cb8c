import assert from "node:assert/strict";
import { test } from "node:test";
import Type from "typebox";
import { kindOf, table } from "../../src/store/sql/table.js";
import * as eventTables from "../../src/store/sql/events.js";
import * as extraTables from "../../src/store/sql/extras.js";
import * as tables from "../../src/store/sql/tables.js";
import { Snapshot } from "../../src/schemas/emulator/snapshot.js";

test("a field's column kind follows its schema; nullable and literal unions keep the base kind", () => {
  assert.equal(kindOf(Type.String()), "text");
  assert.equal(kindOf(Type.Union([Type.String(), Type.Null()])), "text");
  assert.equal(kindOf(Type.Union([Type.Literal("app"), Type.Literal("suite")])), "text");
  assert.equal(kindOf(Type.Integer({ minimum: 1 })), "int");
  assert.equal(kindOf(Type.Union([Type.Integer(), Type.Null()])), "int");
  assert.equal(kindOf(Type.Boolean()), "bool");
  assert.equal(kindOf(Type.Array(Type.String())), "json");
  assert.equal(kindOf(Type.Unknown()), "json");
  assert.equal(kindOf(Type.Union([Type.String(), Type.Integer()])), "json");
  assert.equal(kindOf(Type.Number()), "json", "a float is not silently stored in an integer column");
});

test("a table's columns are its row schema's fields in order, snake_case, with the key mapped too", () => {
  const t = table(
    "things",
    ["thingId"],
    Type.Object({ thingId: Type.String(), startTime: Type.Integer(), onAir: Type.Boolean() }),
  );
  assert.deepEqual(t.columns, ["thing_id", "start_time", "on_air"]);
  assert.deepEqual(t.kinds, ["text", "int", "bool"]);
  assert.deepEqual(t.key, ["thing_id"]);
  assert.equal(t.list, "thing_id, start_time, on_air");
});

test("the snapshot document's rows are exactly the stored tables' rows", () => {
  const rowFields = (name: string) => {
    const list = (Snapshot.properties as Record<string, { items?: { properties: object } }>)[name];
    return Object.keys(list.items!.properties);
  };
  const all = { ...tables, ...eventTables, ...extraTables } as unknown as Record<
    string,
    { fields: readonly string[] }
  >;
  const byName: Record<string, string> = {
    orgs: "orgs",
    users: "users",
    apps: "apps",
    suites: "suites",
    suiteAuths: "suiteAuths",
    tokens: "tokens",
    conferences: "conferences",
    members: "members",
    changes: "changes",
    bookings: "bookings",
    media: "conferenceMedia",
    eventSeqs: "eventSeqs",
    events: "events",
    eventDeliveries: "deliveries",
    eventSubscriptions: "subscriptions",
    eventSettings: "eventSettings",
    extras: "conferenceExtras",
    recordWhiteAccounts: "recordWhiteAccounts",
  };
  assert.deepEqual(Object.keys(Snapshot.properties).slice(2).sort(), Object.keys(byName).sort());
  for (const [doc, t] of Object.entries(byName)) {
    assert.deepEqual(rowFields(doc), all[t].fields, doc);
  }
});
