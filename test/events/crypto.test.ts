import assert from "node:assert/strict";
import { createRequire } from "node:module";
import { describe, it } from "node:test";
import { aesKeyBytes, decrypt, encrypt, open, seal, signature } from "../../src/events/crypto.js";

/** The four vectors of dingtalk-events.md §4, recomputed byte-exact there. */
const VECTORS = [
  {
    name: "V1",
    token: "123456",
    aesKey: "1234567890123456789012345678901234567890123",
    ownerKey: "dingsnotzck6pm5veliw",
    timestamp: "1614767836",
    nonce: "A7Co0cJLMzIDtMMI",
    sig: "9a95a004dd16f5c307e849b994173f76aa26e5eb",
    encrypt: "YvkvaGe4hQxd3VxRmEty0dVlnCOAqwf56xwTRHDHoOURqhalbmBJQk5FNcRk42Gl5T0YQXZNwpwWSm1xAFJ5ZA==",
    plain: "success",
    random: "dICkEDLj0eb6yAbc",
  },
  {
    name: "V2",
    token: "123456",
    aesKey: "4g5j64qlyl3zvetqxz5jiocdr586fn2zvjpa8zls3ij",
    ownerKey: "suite4xxxxxxxxxxxxxxx",
    timestamp: "1445827045067",
    nonce: "nEXhMP4r",
    sig: "5a65ceeef9aab2d149439f82dc191dd6c5cbe2c0",
    encrypt:
      "1a3NBxmCFwkCJvfoQ7WhJHB+iX3qHPsc9JbaDznE1i03peOk1LaOQoRz3+nlyGNhwmwJ3vDMG+OzrHMeiZI7gTRWVdUBmfxjZ8Ej23JVYa9VrYeJ5as7XM/ZpulX8NEQis44w53h1qAgnC3PRzM7Zc/D6Ibr0rgUathB6zRHP8PYrfgnNOS9PhSBdHlegK+AGGanfwjXuQ9+0pZcy0w9lQ==",
    plain:
      '{"EventType":"check_create_suite_url","Random":"LPIdSnlF","TestSuiteKey":"suite4xxxxxxxxxxxxxxx"}',
    random: "hU3bEfGZZewzhG5a",
  },
  {
    name: "V3",
    token: "mryue",
    aesKey: "Yue0EfdN5900c1ce5cf6A152c63DDe1808a60c5ecd7",
    ownerKey: "ding6ccabc44d2c8d38b",
    timestamp: "1608001896814",
    nonce: "WL4PK6yA",
    sig: "03044561471240d4a14bb09372dfcfd4fd0e40cb",
    encrypt:
      "0vJiX6vliEpwG3U45CtXqi+m8PXbQRARJ8p8BbDuD1EMTDf0jKpQ79QS93qEk7XHpP6u+oTTrd15NRPvNvmBKyDCYxxOK+HZeKju4yhELOFchzNukR+t8SB/qk4ROMu3",
    plain: '{"EventType":"check_url"}',
    random: "l7Y3EcX2CU5w8av3",
  },
  {
    name: "V4",
    token: "tokenxxxx",
    aesKey: "o1w0aum42yaptlz8alnhwikjd3jenzt9cb9wmzptgus",
    ownerKey: "dingxxxxxx",
    timestamp: "1605695694141",
    nonce: "WelUQl6bCqcBa2fM",
    sig: "f36f4ba5337d426c7d4bca0dbcb06b3ddc1388fc",
    encrypt: "X1VSe9cTJUMZu60d3kyLYTrBq5578ZRJtteU94wG0Q4Uk6E/wQYeJRIC0/UFW5Wkya1Ihz9oXAdLlyC9TRaqsQ==",
    plain: "success",
    random: "WelUQl6bCqcBa2fM",
  },
];

describe("callback crypto: the spec's four vectors, byte-exact", () => {
  for (const v of VECTORS) {
    it(`${v.name}: signature, decryption and re-encryption`, () => {
      assert.equal(signature(v.token, v.timestamp, v.nonce, v.encrypt), v.sig);
      assert.deepEqual(decrypt(v.aesKey, v.encrypt), {
        random: v.random,
        msg: v.plain,
        ownerKey: v.ownerKey,
      });
      assert.equal(encrypt(v.aesKey, v.ownerKey, v.plain, v.random), v.encrypt);
      const keys = { token: v.token, aesKey: v.aesKey, ownerKey: v.ownerKey };
      assert.equal(open(keys, { ...v, signature: v.sig, timeStamp: v.timestamp }), v.plain);
    });
  }

  it("derives V1's key", () => {
    assert.equal(
      aesKeyBytes(VECTORS[0].aesKey).toString("hex"),
      "d76df8e7aefcf74d76df8e7aefcf74d76df8e7aefcf74d76df8e7aefcf74d76d",
    );
  });

  it("refuses a wrong signature, a wrong owner key and a malformed aes_key", () => {
    const v = VECTORS[2];
    const keys = { token: v.token, aesKey: v.aesKey, ownerKey: v.ownerKey };
    const sealed = { signature: v.sig, timeStamp: v.timestamp, nonce: v.nonce, encrypt: v.encrypt };
    assert.throws(() => open(keys, { ...sealed, nonce: "other" }), /signature/);
    assert.throws(() => open({ ...keys, ownerKey: "dingsomeoneelse" }, sealed), /owner key/);
    assert.throws(() => aesKeyBytes("short"), /43/);
  });

  it("accepts base64 with line breaks and 16-byte padding (the Python and Go helpers)", () => {
    const v = VECTORS[0];
    const broken = v.encrypt.slice(0, 40) + "\n" + v.encrypt.slice(40);
    assert.equal(decrypt(v.aesKey, broken).msg, "success");
  });

  it("round-trips UTF-8 (length counts bytes, not characters)", () => {
    const v = VECTORS[1];
    const msg = JSON.stringify({ title: "周会 ☕", n: 1 });
    assert.equal(decrypt(v.aesKey, encrypt(v.aesKey, v.ownerKey, msg)).msg, msg);
  });
});

describe("callback crypto against the published Node helper (npm dingtalk-encrypt)", () => {
  const require = createRequire(import.meta.url);
  const DingTalkEncryptor = require("dingtalk-encrypt");
  // Its padding assumes a 20-character owner key (dingtalk-events.md §2.6).
  const keys = { token: "tok123456", aesKey: VECTORS[2].aesKey, ownerKey: "ding0123456789abcdef" };

  it("opens what we seal, and we open what it seals", () => {
    const sealed = seal(keys, '{"EventType":"check_url"}', "1700000000000");
    const helper = new DingTalkEncryptor(keys.token, keys.aesKey, keys.ownerKey);
    assert.equal(
      helper.getDecryptMsg(sealed.msg_signature, sealed.timeStamp, sealed.nonce, sealed.encrypt),
      '{"EventType":"check_url"}',
    );
    const reply = helper.getEncryptedMap("success", "1700000000001", "abcdefgh");
    assert.equal(open(keys, { ...reply, signature: reply.msg_signature }), "success");
  });
});
