import assert from "node:assert/strict";
import { test } from "node:test";
import { newConferenceId } from "../../../src/domain/conferences/ids.js";
import { randomDigits, randomHex } from "../../../src/domain/identity/secrets.js";

test("conference ids are 24 lowercase hex digits that sort by creation time and never repeat", () => {
  const t = Date.UTC(2026, 11, 2, 3, 0, 0);
  const ids = Array.from({ length: 2000 }, (_, i) => newConferenceId(t + Math.floor(i / 10)));
  for (const id of ids) assert.match(id, /^[0-9a-f]{24}$/);
  assert.equal(new Set(ids).size, ids.length, "distinct, also within one millisecond");
  for (let i = 10; i < ids.length; i += 10)
    assert.ok(ids[i - 10] < ids[i], "a later millisecond sorts later");
  assert.equal(newConferenceId(t).slice(0, 12), t.toString(16).padStart(12, "0"));
  assert.match(newConferenceId(-5), /^0{12}[0-9a-f]{12}$/, "a clock before 1970 does not break the format");
});

test("random digits: the length asked for, decimal digits only, every digit drawn", () => {
  for (const n of [1, 9, 10, 14]) assert.match(randomDigits(n), new RegExp(`^[0-9]{${n}}$`));
  const counts = new Array<number>(10).fill(0);
  for (let i = 0; i < 2000; i++) for (const c of randomDigits(10)) counts[Number(c)]++;
  // 20 000 digits, each expected 2 000 times: a digit drawn seldom or never (a broken mapping) shows.
  for (const c of counts) assert.ok(c > 1700 && c < 2300, `digit counts ${counts.join(", ")}`);
});

test("random hex: the length asked for, never a repeat, also across the pool's 4 KiB refills", () => {
  // 1 000 draws of 10 bytes span two refills of the pool; a byte handed out twice would repeat a value.
  const values = Array.from({ length: 1000 }, () => randomHex(10));
  for (const v of values) assert.match(v, /^[0-9a-f]{20}$/);
  assert.equal(new Set(values).size, values.length);
  const halves = values.flatMap((v) => [v.slice(0, 10), v.slice(10)]);
  assert.equal(new Set(halves).size, halves.length, "no 5-byte run reused either");
});
