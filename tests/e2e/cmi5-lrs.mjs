// A small LRS for the cmi5 end-to-end tests: just what a cmi5 AU uses, and a checker of the cmi5
// rules that records every breach instead of accepting everything. 127.0.0.1 only, a free port,
// closed by the test.
//
//   const lrs = await startLrs({ launchData: { launchMode: "Normal", masteryScore: 0.8 } });
//   const query = lrs.launchQuery();      // ?endpoint=…&fetch=…&actor=…&registration=…&activityId=…
//   ... lrs.statements, lrs.violations, lrs.requests, lrs.state(stateId) ...
//   lrs.failNext("statements", 2, 500);   // the next two statement requests answer 500 ("page":
//                                          // 200 with a sign-in page)
//   lrs.down("away");                      // this session's requests fail (also "500", "garbage")
//   await lrs.close();
//
// Implemented: the fetch URL (POST, once: a second POST gets cmi5's error 1), the State API
// (GET/PUT/POST/DELETE; LMS.LaunchData preloaded and read-only for the AU), the Agent Profile API
// (GET), the Statements API (POST one or many, PUT with statementId), `about`. Every request but
// `about` and the fetch URL needs `Authorization: Basic <token>` and `X-Experience-API-Version`
// 1.0.x. CORS is answered, since the course is served from another origin.
import { createServer } from "node:http";
import { randomBytes, randomUUID } from "node:crypto";
import { isDeepStrictEqual } from "node:util";

// What a proxy or an expired login answers instead of the LRS.
const SIGN_IN = "<!doctype html><title>Sign in</title><p>Your session has expired. Sign in again.</p>";

export const VERBS = {
  initialized: "http://adlnet.gov/expapi/verbs/initialized",
  completed: "http://adlnet.gov/expapi/verbs/completed",
  passed: "http://adlnet.gov/expapi/verbs/passed",
  failed: "http://adlnet.gov/expapi/verbs/failed",
  terminated: "http://adlnet.gov/expapi/verbs/terminated",
};
const DEFINED = new Set(Object.values(VERBS));
export const CATEGORY_CMI5 = "https://w3id.org/xapi/cmi5/context/categories/cmi5";
export const CATEGORY_MOVEON = "https://w3id.org/xapi/cmi5/context/categories/moveon";
export const SESSION_ID = "https://w3id.org/xapi/cmi5/context/extensions/sessionid";
export const MASTERY_SCORE = "https://w3id.org/xapi/cmi5/context/extensions/masteryscore";
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[1-5][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i;
// ISO 8601 durations as xAPI uses them (no empty "P" or "PT").
const DURATION = /^P(?!$)(\d+(\.\d+)?Y)?(\d+(\.\d+)?M)?(\d+(\.\d+)?W)?(\d+(\.\d+)?D)?(T(?=\d)(\d+(\.\d+)?H)?(\d+(\.\d+)?M)?(\d+(\.\d+)?S)?)?$/;
const INTERACTION_TYPES = new Set([
  "true-false", "choice", "fill-in", "long-fill-in", "matching", "performance", "sequencing", "likert", "numeric", "other",
]);
const TIMESTAMP = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$/;

export function verbName(statement) {
  const id = statement?.verb?.id ?? "";
  return id.slice(id.lastIndexOf("/") + 1);
}

function categories(statement) {
  let list = statement?.context?.contextActivities?.category ?? [];
  if (!Array.isArray(list)) list = [list];
  return list.map((a) => a?.id);
}

export async function startLrs({
  launchData = {},
  actor = { objectType: "Agent", name: "Ana Example", account: { homePage: "https://lms.example", name: "ana-7" } },
  activityId = "https://lotse.example/courses/integration-basics",
  registration = randomUUID(),
  publisherId = "https://lotse.example/publisher/integration-basics",
} = {}) {
  const violations = [];
  const requests = [];
  // Every statement taken, in the order it arrived, with the session it belongs to.
  const statements = [];
  const states = new Map();
  const profiles = new Map();
  const failures = [];
  // The session whose requests fail (`lrs.down(mode)`, by its token and fetch URL): `mode` "500",
  // "garbage" (200 with a body that is not JSON, nothing stored) or "away" (the connection closed
  // without an answer; CORS preflights are still answered).
  let down = null;
  let session;
  let token;
  let fetchUsed;
  let fetchId;
  let url;

  const violation = (text) => violations.push(text);

  // A new AU session: a fresh fetch URL, token and session id, and LMS.LaunchData for it.
  function newSession(data = launchData) {
    session = { id: randomUUID(), statements: [], terminated: false, data };
    token = randomBytes(18).toString("base64");
    fetchUsed = false;
    fetchId = randomUUID();
    const document = {
      contextTemplate: {
        contextActivities: { grouping: [{ id: publisherId }] },
        extensions: { [SESSION_ID]: session.id },
      },
      launchMode: "Normal",
      moveOn: "CompletedAndPassed",
      ...data,
    };
    states.set(stateKey("LMS.LaunchData"), JSON.stringify(document));
    return session;
  }

  function stateKey(stateId) {
    return `${activityId} ${registration} ${stateId}`;
  }

  // Rules on one statement, in the order of arrival (which is the order of the timestamps the
  // AU gave, or that is a breach too).
  function check(s) {
    const name = verbName(s);
    const where = `statement #${statements.length} (${name || "no verb"})`;
    const bad = (text) => violation(`${where}: ${text}`);
    if (typeof s?.id !== "string" || !UUID.test(s.id)) bad(`id ${JSON.stringify(s?.id)} is not a UUID`);
    if (typeof s?.timestamp !== "string" || !TIMESTAMP.test(s.timestamp)) bad(`timestamp ${JSON.stringify(s?.timestamp)}`);
    const previous = session.statements.at(-1);
    if (previous && Date.parse(s.timestamp) < Date.parse(previous.timestamp)) bad("timestamp before the previous statement's");
    if (!isDeepStrictEqual(s.actor, actor)) bad(`actor ${JSON.stringify(s.actor)} is not the launch's`);
    if (typeof s?.verb?.id !== "string") bad("no verb id");
    if (session.terminated) bad("sent after terminated");
    if (session.statements.length === 0 && name !== "initialized") bad("the first statement of the session is not initialized");

    const context = s.context ?? {};
    if (context.registration !== registration) bad(`registration ${JSON.stringify(context.registration)}`);
    if (context.extensions?.[SESSION_ID] !== session.id) bad("no session id of this session");
    const grouping = context.contextActivities?.grouping ?? [];
    if (!grouping.some((a) => a?.id === publisherId)) bad("the context template's grouping (publisher id) is missing");
    const cats = categories(s);
    const defined = cats.includes(CATEGORY_CMI5);
    const result = s.result ?? {};
    if (DEFINED.has(s.verb?.id) && !defined) bad("a cmi5 verb without the cmi5 category");
    if (result.duration !== undefined && !DURATION.test(result.duration)) bad(`result.duration ${JSON.stringify(result.duration)}`);

    if (defined) {
      if (!DEFINED.has(s.verb?.id)) bad("the cmi5 category on a verb cmi5 does not define for AUs");
      if (s.object?.id !== activityId) bad(`object ${JSON.stringify(s.object?.id)} is not the AU`);
      const hasMoveOn = cats.includes(CATEGORY_MOVEON);
      const judged = "success" in result || "completion" in result;
      if (hasMoveOn !== judged) bad(judged ? "no moveon category" : "a moveon category without success or completion");
      if (session.statements.some((t) => t.defined && verbName(t) === name)) bad("verb sent twice in the session");
      const mode = session.data.launchMode ?? "Normal";
      const mastery = session.data.masteryScore;
      const scaled = result.score?.scaled;
      const inRegistration = (verb) => statements.some((t) => t.defined && verbName(t.statement) === verb);
      if (["completed", "passed", "failed"].includes(name) && mode !== "Normal") bad(`sent in ${mode} mode`);
      if (name !== "passed" && name !== "failed" && "score" in result) bad("a score outside passed/failed");
      if (name !== "passed" && name !== "failed" && "success" in result) bad("success outside passed/failed");
      if (name !== "completed" && "completion" in result) bad("completion outside completed");
      if (["completed", "passed", "failed", "terminated"].includes(name) && result.duration === undefined) bad("no duration");
      if (name === "completed") {
        if (result.completion !== true) bad("completion is not true");
        if (inRegistration("completed")) bad("a second completed in the registration");
      }
      if (name === "passed" || name === "failed") {
        if (result.success !== (name === "passed")) bad(`success is not ${name === "passed"}`);
        if (session.statements.some((t) => t.defined && ["passed", "failed"].includes(verbName(t)))) {
          bad("passed or failed twice in the session");
        }
        if (inRegistration("passed")) bad(`${name} after passed in the registration`);
        if (scaled !== undefined && (typeof scaled !== "number" || scaled < 0 || scaled > 1)) bad(`score.scaled ${scaled}`);
        if (mastery !== undefined) {
          if (typeof scaled !== "number") bad("no scaled score though a masteryScore is set");
          else if (name === "passed" && scaled < mastery) bad(`passed with ${scaled} below the masteryScore ${mastery}`);
          else if (name === "failed" && scaled >= mastery) bad(`failed with ${scaled}, not below the masteryScore ${mastery}`);
          if (context.extensions?.[MASTERY_SCORE] !== mastery) bad("no masteryscore extension");
        }
      }
    } else if (cats.includes(CATEGORY_MOVEON)) {
      bad("a moveon category on a statement that cmi5 does not define");
    }
    if (name === "answered") {
      const definition = s.object?.definition ?? {};
      if (definition.type !== "http://adlnet.gov/expapi/activities/cmi.interaction") bad("not a cmi.interaction activity");
      if (!INTERACTION_TYPES.has(definition.interactionType)) bad(`interactionType ${JSON.stringify(definition.interactionType)}`);
      if (typeof result.response !== "string") bad("no result.response");
      const pattern = definition.correctResponsesPattern;
      if (pattern !== undefined && !(Array.isArray(pattern) && pattern.every((p) => typeof p === "string"))) {
        bad("correctResponsesPattern is not a list of strings");
      }
      if (typeof s.object?.id !== "string" || !s.object.id.startsWith(activityId)) bad("the interaction's id is not under the AU's");
    }
    if (name === "terminated") session.terminated = true;
    const record = { statement: s, session: session.id, defined };
    statements.push(record);
    session.statements.push(Object.assign(s, { defined }));
  }

  function send(res, status, body, type = "application/json") {
    res.writeHead(status, {
      "Content-Type": type,
      "Access-Control-Allow-Origin": "*",
      "Access-Control-Expose-Headers": "*",
      "X-Experience-API-Version": "1.0.3",
      "Cache-Control": "no-store",
    });
    res.end(body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body));
  }

  const server = createServer((req, res) => {
    let body = "";
    req.setEncoding("utf8");
    req.on("data", (chunk) => (body += chunk));
    req.on("end", () => handle(req, res, body));
  });

  function handle(req, res, body) {
    const address = new URL(req.url, url);
    const path = address.pathname;
    const q = address.searchParams;
    const auth = req.headers.authorization ?? "";
    const record = { method: req.method, path, query: Object.fromEntries(q), auth, body, keepalive: undefined };
    if (req.method === "OPTIONS") {
      res.writeHead(204, {
        "Access-Control-Allow-Origin": "*",
        "Access-Control-Allow-Methods": "GET, PUT, POST, DELETE, OPTIONS",
        "Access-Control-Allow-Headers": "Authorization, Content-Type, X-Experience-API-Version",
        "Access-Control-Max-Age": "600",
      });
      return res.end();
    }
    requests.push(record);
    if (down && (auth === `Basic ${down.token}` || path === down.fetch)) {
      if (down.mode === "away") return req.socket.destroy();
      if (down.mode === "500") return send(res, 500, { error: "injected failure" });
      return send(res, 200, '{"stored": tru', "application/json");
    }
    if (path === "/return") return send(res, 200, "<!doctype html><title>LMS</title><p>Back in the LMS</p>", "text/html");
    if (path === `/fetch/${fetchId}` || path.startsWith("/fetch/")) {
      if (req.method !== "POST") return send(res, 405, { error: "POST only" });
      if (path !== `/fetch/${fetchId}` || fetchUsed) {
        violation(`the fetch URL was used again (${req.method} ${path})`);
        return send(res, 200, { "error-code": "1", "error-text": "The authorization token has already been returned." });
      }
      fetchUsed = true;
      return send(res, 200, { "auth-token": token });
    }
    if (!path.startsWith("/xapi/")) return send(res, 404, { error: "not found" });
    const resource = path.slice("/xapi/".length);
    if (resource === "about") return send(res, 200, { version: ["1.0.3"] });
    if (auth !== `Basic ${token}`) {
      violation(`${req.method} ${path}: Authorization ${JSON.stringify(auth)} is not the session's token`);
      return send(res, 401, { error: "unauthorised" });
    }
    if (!/^1\.0(\.\d+)?$/.test(req.headers["x-experience-api-version"] ?? "")) {
      violation(`${req.method} ${path}: X-Experience-API-Version ${JSON.stringify(req.headers["x-experience-api-version"])}`);
      return send(res, 400, { error: "X-Experience-API-Version" });
    }
    const failure = failures.find((f) => f.times > 0 && resource.startsWith(f.resource));
    if (failure) {
      failure.times -= 1;
      if (failure.status === "page") return send(res, 200, SIGN_IN, "text/html");
      return send(res, failure.status, { error: "injected failure" });
    }
    if (resource === "activities/state") return state(req, res, q, body);
    if (resource === "agents/profile") {
      if (req.method !== "GET") return send(res, 405, { error: "read only here" });
      const doc = profiles.get(q.get("profileId"));
      return doc === undefined ? send(res, 404, { error: "no profile" }) : send(res, 200, doc);
    }
    if (resource === "statements") return statementsApi(req, res, q, body);
    return send(res, 404, { error: "not found" });
  }

  function state(req, res, q, body) {
    let agent;
    try {
      agent = JSON.parse(q.get("agent") ?? "");
    } catch {
      agent = undefined;
    }
    const problems = [];
    if (q.get("activityId") !== activityId) problems.push(`activityId ${JSON.stringify(q.get("activityId"))}`);
    if (!isDeepStrictEqual(agent, actor)) problems.push(`agent ${q.get("agent")}`);
    if (q.get("registration") !== registration) problems.push(`registration ${JSON.stringify(q.get("registration"))}`);
    if (!q.get("stateId")) problems.push("no stateId");
    if (problems.length) {
      violation(`State API ${req.method}: ${problems.join(", ")}`);
      return send(res, 400, { error: problems.join(", ") });
    }
    const key = stateKey(q.get("stateId"));
    if (q.get("stateId") === "LMS.LaunchData" && req.method !== "GET") {
      violation(`the AU tried to ${req.method} LMS.LaunchData`);
      return send(res, 403, { error: "LMS.LaunchData is the LMS's" });
    }
    if (req.method === "GET") return states.has(key) ? send(res, 200, states.get(key)) : send(res, 404, { error: "no state" });
    if (req.method === "PUT" || req.method === "POST") {
      try {
        JSON.parse(body);
      } catch {
        violation(`State API ${req.method} ${q.get("stateId")}: the document is not JSON`);
      }
      states.set(key, body);
      return send(res, 204);
    }
    if (req.method === "DELETE") {
      states.delete(key);
      return send(res, 204);
    }
    return send(res, 405, { error: "method" });
  }

  function statementsApi(req, res, q, body) {
    let parsed;
    try {
      parsed = JSON.parse(body);
    } catch {
      violation(`${req.method} statements: the body is not JSON`);
      return send(res, 400, { error: "not JSON" });
    }
    if (req.method === "PUT") {
      if (Array.isArray(parsed) || q.get("statementId") !== parsed?.id) {
        violation("PUT statements: statementId does not match the statement's id");
        return send(res, 400, { error: "statementId" });
      }
    } else if (req.method !== "POST") {
      return send(res, 405, { error: "method" });
    }
    const list = Array.isArray(parsed) ? parsed : [parsed];
    const ids = [];
    for (const s of list) {
      const stored = statements.find((t) => t.statement.id === s?.id);
      if (stored) {
        // The same statement again (a retry that arrived twice) is no breach; another one is.
        const { defined, ...same } = stored.statement;
        void defined;
        if (!isDeepStrictEqual(same, s)) violation(`statement id ${s.id} used for two different statements`);
        ids.push(s.id);
        continue;
      }
      check(s);
      ids.push(s?.id);
    }
    return req.method === "PUT" ? send(res, 204) : send(res, 200, ids);
  }

  newSession();
  await new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve());
  });
  url = `http://127.0.0.1:${server.address().port}`;

  return {
    get url() {
      return url;
    },
    endpoint: () => `${url}/xapi/`,
    actor,
    activityId,
    registration,
    publisherId,
    get session() {
      return session;
    },
    get token() {
      return token;
    },
    statements,
    violations,
    requests,
    profiles,
    // The query of the launch URL of the current session.
    launchQuery() {
      const p = new URLSearchParams({
        endpoint: `${url}/xapi/`,
        fetch: `${url}/fetch/${fetchId}`,
        actor: JSON.stringify(actor),
        registration,
        activityId,
      });
      return `?${p}`;
    },
    newSession,
    state: (stateId) => states.get(stateKey(stateId)),
    // The next `times` requests to the resource (`statements`, `activities/state`) answer `status`,
    // or with "page" 200 with an HTML sign-in page (a proxy's or a login's), storing nothing.
    failNext(resource, times, status = 500) {
      failures.push({ resource, times, status });
    },
    // From now on every request of the current session (its fetch URL's too) fails as `mode`
    // says: "500", "garbage" or "away" (see `down` above), even after `newSession`, whose requests
    // are answered (so that a request the closing page sent late cannot reach the next session).
    down(mode) {
      down = { mode, token, fetch: `/fetch/${fetchId}` };
    },
    // Rules that only the end of a session can tell.
    finished() {
      const out = [...violations];
      const last = session.statements.at(-1);
      if (!last) out.push("the session has no statement");
      else if (verbName(last) !== "terminated") out.push(`the session's last statement is ${verbName(last)}, not terminated`);
      return out;
    },
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections?.();
        server.close(() => resolve());
      }),
  };
}
