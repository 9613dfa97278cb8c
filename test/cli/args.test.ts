import assert from "node:assert/strict";
import { test } from "node:test";
import { parseCommandLine } from "../../src/cli/args.js";

test("switches never swallow the next word; valued flags do", () => {
  const r = parseCommandLine(["--json", "conferences", "info", "--url", "http://h:1", "abc"]);
  assert.deepEqual(r.words, ["conferences", "info", "abc"]);
  assert.deepEqual(r.flags, { "--json": "true", "--url": "http://h:1" });
});

test("--name=value, -h, and the last of a repeated flag", () => {
  const r = parseCommandLine(["-h", "--app=a", "--app", "b", "--title=x=y"]);
  assert.deepEqual(r.flags, { "--help": "true", "--app": "b", "--title": "x=y" });
});

test("--invite takes every following word, commas and repeats", () => {
  const r = parseCommandLine([
    "conferences",
    "create",
    "--invite",
    "u1",
    "u2,u3",
    "--organizer",
    "o",
    "--invite=u4",
  ]);
  assert.deepEqual(r.words, ["conferences", "create"]);
  assert.deepEqual(r.lists["--invite"], ["u1", "u2", "u3", "u4"]);
  assert.equal(r.flags["--organizer"], "o");
  assert.equal(parseCommandLine(["--invite"]).flags["--invite"], "", "no value: empty, a usage error later");
});
