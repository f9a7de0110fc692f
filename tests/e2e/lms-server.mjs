// The back end of the test LMS: where scorm-again sends what the course committed (its
// lmsCommitUrl). 127.0.0.1 only, a free port, its own origin (so it answers CORS preflights).
// While `failing` is true it answers 500, so scorm-again's Commit returns "false"; otherwise it
// answers {"result": true, "errorCode": 0}. Every request is kept in `commits`, with the cmi data
// it carried (scorm-again's synchronous XHR commits, and the sendBeacon of Terminate).
//
//   const lms = await startCommitServer();
//   lms.failing = true;
//   ... harness page with ?commit=<lms.url> ...
//   lms.commits  -> [{ status, body, at }]   (body: the parsed JSON, or the text)
//   await lms.close();
import { createServer } from "node:http";

const LIMIT = 1 << 20;

export async function startCommitServer({ host = "127.0.0.1" } = {}) {
  const lms = { failing: false, commits: [], url: "", close: null };
  const cors = {
    "Access-Control-Allow-Origin": "*",
    "Access-Control-Allow-Methods": "POST",
    "Access-Control-Allow-Headers": "Content-Type",
    "Cache-Control": "no-store",
  };
  const server = createServer((req, res) => {
    if (req.method === "OPTIONS") {
      res.writeHead(204, cors);
      return res.end();
    }
    if (req.method !== "POST" || new URL(req.url, "http://127.0.0.1").pathname !== "/lms/commit") {
      res.writeHead(404, { ...cors, "Content-Type": "text/plain; charset=utf-8" });
      return res.end("not found\n");
    }
    const chunks = [];
    let size = 0;
    req.on("data", (chunk) => {
      size += chunk.length;
      if (size > LIMIT) req.destroy();
      else chunks.push(chunk);
    });
    req.on("end", () => {
      const text = Buffer.concat(chunks).toString("utf8");
      let body = text;
      try {
        body = JSON.parse(text);
      } catch {
        /* kept as text */
      }
      const status = lms.failing ? 500 : 200;
      lms.commits.push({ status, body, at: Date.now() });
      res.writeHead(status, { ...cors, "Content-Type": "application/json" });
      res.end(status === 200 ? '{"result":true,"errorCode":0}' : '{"result":false,"errorCode":101}');
    });
  });
  await new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  lms.url = `http://${host}:${server.address().port}/lms/commit`;
  lms.close = () =>
    new Promise((resolve) => {
      server.closeAllConnections?.();
      server.close(() => resolve());
    });
  return lms;
}
