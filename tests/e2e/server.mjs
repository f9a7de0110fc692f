// A small static file server for the end-to-end tests: 127.0.0.1 only, a free port,
// URL prefixes mapped to directories, no directory traversal, 404 for anything else.
//
//   const server = await startServer({ routes: { "/harness/": dir, "/course/": siteDir } });
//   ... server.url ("http://127.0.0.1:PORT") ...
//   await server.close();
import { createServer } from "node:http";
import { createReadStream } from "node:fs";
import { stat } from "node:fs/promises";
import path from "node:path";

export const MIME_TYPES = {
  ".html": "text/html; charset=utf-8",
  ".htm": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json",
  ".map": "application/json",
  ".wasm": "application/wasm",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".jpg": "image/jpeg",
  ".jpeg": "image/jpeg",
  ".gif": "image/gif",
  ".webp": "image/webp",
  ".avif": "image/avif",
  ".ico": "image/x-icon",
  ".woff2": "font/woff2",
  ".woff": "font/woff",
  ".txt": "text/plain; charset=utf-8",
  ".md": "text/markdown; charset=utf-8",
  ".xml": "application/xml",
  ".xsd": "application/xml",
};

export function mimeType(file) {
  return MIME_TYPES[path.extname(file).toLowerCase()] ?? "application/octet-stream";
}

// Maps a request path to a file inside one of the routes' directories, or null.
export function resolveFile(routes, pathname) {
  let decoded;
  try {
    decoded = decodeURIComponent(pathname);
  } catch {
    return null;
  }
  if (decoded.includes("\0") || decoded.includes("\\")) return null;
  // Longest prefix first, so "/a/b/" wins over "/a/".
  const prefixes = Object.keys(routes).sort((a, b) => b.length - a.length);
  for (const prefix of prefixes) {
    if (!decoded.startsWith(prefix)) continue;
    const rest = decoded.slice(prefix.length);
    const segments = rest.split("/");
    if (segments.some((s) => s === "..")) return null;
    const root = path.resolve(routes[prefix]);
    const file = path.resolve(root, ...segments.filter((s) => s !== "" && s !== "."));
    if (file !== root && !file.startsWith(root + path.sep)) return null;
    return { file, isRootRequest: rest === "" || rest.endsWith("/") };
  }
  return null;
}

// `mimeTypes` ({ ".wasm": "application/octet-stream" }) overrides the types by extension, to
// serve files as a careless LMS file server does.
export async function startServer({ routes, host = "127.0.0.1", mimeTypes = {} } = {}) {
  if (!routes || typeof routes !== "object") throw new TypeError("startServer needs { routes: { prefix: directory } }");
  for (const prefix of Object.keys(routes)) {
    if (!prefix.startsWith("/") || !prefix.endsWith("/")) {
      throw new TypeError(`route prefix ${JSON.stringify(prefix)} must start and end with "/"`);
    }
  }

  const server = createServer(async (req, res) => {
    const send = (status, text) => {
      res.writeHead(status, { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store" });
      res.end(req.method === "HEAD" ? undefined : text);
    };
    if (req.method !== "GET" && req.method !== "HEAD") {
      res.setHeader("Allow", "GET, HEAD");
      return send(405, "method not allowed\n");
    }
    let pathname;
    try {
      pathname = new URL(req.url, "http://127.0.0.1").pathname;
    } catch {
      return send(400, "bad request\n");
    }
    const target = resolveFile(routes, pathname);
    if (!target) return send(404, "not found\n");
    let file = target.file;
    try {
      let info = await stat(file);
      if (info.isDirectory()) {
        if (!target.isRootRequest && !pathname.endsWith("/")) return send(404, "not found\n");
        file = path.join(file, "index.html");
        info = await stat(file);
      }
      if (!info.isFile()) return send(404, "not found\n");
      res.writeHead(200, {
        "Content-Type": mimeTypes[path.extname(file).toLowerCase()] ?? mimeType(file),
        "Content-Length": info.size,
        "Cache-Control": "no-store",
        "X-Content-Type-Options": "nosniff",
      });
      if (req.method === "HEAD") return res.end();
      const stream = createReadStream(file);
      stream.on("error", () => res.destroy());
      stream.pipe(res);
    } catch {
      send(404, "not found\n");
    }
  });

  await new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const { port } = server.address();
  return {
    url: `http://${host}:${port}`,
    port,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections?.();
        server.close(() => resolve());
      }),
  };
}
