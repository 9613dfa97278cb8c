// The ceiling: a bare node:http server that reads the body, parses it as JSON and answers {"success":true};
// given a file, it answers every request with that file's bytes instead (the members-page ceiling: the
// same bytes vconf sends, precomputed).
// Usage: node bench/ceiling.js <port> [reply-file]
import { readFileSync } from "node:fs";
import { createServer } from "node:http";

const port = Number(process.argv[2] ?? 0);
const reply = process.argv[3] ? readFileSync(process.argv[3]) : JSON.stringify({ success: true });
const server = createServer((req, res) => {
  let body = "";
  req.setEncoding("utf8");
  req.on("data", (chunk) => (body += chunk));
  req.on("end", () => {
    try {
      if (body) JSON.parse(body);
      res.writeHead(200, { "content-type": "application/json; charset=utf-8" });
      res.end(reply);
    } catch {
      res.writeHead(400, { "content-type": "application/json;charset=utf-8" });
      res.end('{"code":"Missingbody"}');
    }
  });
});
server.listen(port, "127.0.0.1", () => console.log(`ceiling listening on ${server.address().port}`));
process.on("SIGTERM", () => server.close(() => process.exit(0)));
