// Unit tests of the SCORM 1.2 recorder (tests/e2e/scorm12-recorder.js), in node, no browser.
import { test } from "node:test";
import assert from "node:assert/strict";
import { createRequire } from "node:module";
import { readFileSync } from "node:fs";
import vm from "node:vm";

const require = createRequire(import.meta.url);
const recorderPath = require.resolve("./scorm12-recorder.js");
const { createRecorder } = require(recorderPath);

// A tiny LMS-side SCORM 1.2 API: answers "true" and remembers values.
function fakeApi({ failSet = [] } = {}) {
  const values = { "cmi.core.lesson_status": "not attempted", "cmi.interactions._count": "0" };
  let lastError = "0";
  return {
    LMSInitialize: () => "true",
    LMSGetValue: (element) => values[element] ?? "",
    LMSSetValue: (element, value) => {
      if (failSet.includes(element)) {
        lastError = "405";
        return "false";
      }
      lastError = "0";
      values[element] = value;
      return "true";
    },
    LMSCommit: () => "true",
    LMSFinish: () => "true",
    LMSGetLastError: () => lastError,
    LMSGetErrorString: (code) => (code === "0" ? "No error" : "Error"),
    LMSGetDiagnostic: () => "",
  };
}

function session() {
  const recorder = createRecorder();
  const api = recorder.wrapScorm12(fakeApi());
  return { recorder, api };
}

function cleanSequence(api) {
  api.LMSGetLastError();
  assert.equal(api.LMSInitialize(""), "true");
  api.LMSGetValue("cmi.core.entry");
  api.LMSGetValue("cmi.suspend_data");
  api.LMSGetValue("cmi.core.lesson_location");
  api.LMSSetValue("cmi.core.lesson_status", "incomplete");
  api.LMSSetValue("cmi.core.lesson_location", "m2");
  api.LMSSetValue("cmi.suspend_data", "AQID");
  api.LMSCommit("");
  api.LMSGetValue("cmi.interactions._count");
  api.LMSSetValue("cmi.interactions.0.id", "q1");
  api.LMSSetValue("cmi.interactions.0.type", "choice");
  api.LMSSetValue("cmi.interactions.0.student_response", "b");
  api.LMSSetValue("cmi.interactions.0.correct_responses.0.pattern", "b");
  api.LMSSetValue("cmi.interactions.0.result", "correct");
  api.LMSSetValue("cmi.interactions.0.time", "13:05:09");
  api.LMSSetValue("cmi.interactions.0.latency", "00:00:12.5");
  api.LMSSetValue("cmi.interactions.0.weighting", "1");
  api.LMSSetValue("cmi.interactions.0.objectives.0.id", "module-2");
  api.LMSSetValue("cmi.objectives.0.id", "module-2");
  api.LMSSetValue("cmi.objectives.0.status", "passed");
  api.LMSSetValue("cmi.objectives.0.score.raw", "100");
  api.LMSSetValue("cmi.core.score.min", "0");
  api.LMSSetValue("cmi.core.score.max", "100");
  api.LMSSetValue("cmi.core.score.raw", "87.5");
  api.LMSSetValue("cmi.core.lesson_status", "passed");
  api.LMSSetValue("cmi.core.exit", "");
  api.LMSSetValue("cmi.core.session_time", "0000:03:07.25");
  api.LMSSetValue("cmi.student_preference.language", "de");
  api.LMSCommit("");
  api.LMSFinish("");
}

// One violation expected, and its text mentions `needle`.
function expectViolation(recorder, needle) {
  assert.ok(
    recorder.violations.some((v) => v.includes(needle)),
    `expected a violation mentioning ${JSON.stringify(needle)}, got:\n${recorder.violations.join("\n") || "(none)"}`,
  );
}

test("a clean session has no violations and is fully recorded", () => {
  const { recorder, api } = session();
  cleanSequence(api);
  assert.deepEqual(recorder.violations, []);
  assert.equal(recorder.calls.length, 31);
  assert.deepEqual(recorder.calls[1].args, [""]);
  assert.equal(recorder.calls[1].method, "LMSInitialize");
  assert.equal(recorder.calls[1].result, "true");
  assert.equal(recorder.calls.at(-1).method, "LMSFinish");
  assert.equal(typeof recorder.calls[0].t, "number");
  for (let i = 1; i < recorder.calls.length; i++) {
    assert.ok(recorder.calls[i].t >= recorder.calls[i - 1].t, "timestamps are ordered");
  }
  assert.equal(recorder.state(), "Terminated");
});

test("calls are forwarded to the wrapped API and their results returned", () => {
  const { api } = session();
  api.LMSInitialize("");
  assert.equal(api.LMSSetValue("cmi.core.lesson_location", "x"), "true");
  assert.equal(api.LMSGetValue("cmi.core.lesson_location"), "x");
  assert.equal(api.LMSGetErrorString("0"), "No error");
});

test("a call that returns false is recorded with the error code, not a violation", () => {
  const recorder = createRecorder();
  const api = recorder.wrapScorm12(fakeApi({ failSet: ["cmi.suspend_data"] }));
  api.LMSInitialize("");
  assert.equal(api.LMSSetValue("cmi.suspend_data", "abc"), "false");
  assert.deepEqual(recorder.violations, []);
  const call = recorder.calls.at(-1);
  assert.equal(call.result, "false");
  assert.equal(call.errorCode, "405");
  // the recorder's own read of the error code is not recorded as a call
  assert.equal(recorder.calls.length, 2);
});

test("LMSInitialize without the empty-string argument", () => {
  const { recorder, api } = session();
  api.LMSInitialize();
  expectViolation(recorder, 'exactly one argument, the empty string ""');
  const other = session();
  other.api.LMSInitialize("x");
  expectViolation(other.recorder, "the empty string");
  const third = session();
  third.api.LMSInitialize("");
  third.api.LMSCommit(null);
  expectViolation(third.recorder, "argument 1 is null, not a string");
});

test("a call after LMSFinish", () => {
  const { recorder, api } = session();
  api.LMSInitialize("");
  api.LMSFinish("");
  assert.deepEqual(recorder.violations, []);
  api.LMSGetLastError();
  expectViolation(recorder, "called after LMSFinish");
  assert.equal(recorder.violations.length, 1);
  assert.match(recorder.violations[0], /^#2 LMSGetLastError\(\)/);
});

test("LMSFinish twice", () => {
  const { recorder, api } = session();
  api.LMSInitialize("");
  api.LMSFinish("");
  api.LMSFinish("");
  expectViolation(recorder, "LMSFinish called more than once");
  assert.equal(recorder.violations.length, 1);
});

test("LMSInitialize twice and calls before LMSInitialize", () => {
  const { recorder, api } = session();
  api.LMSGetLastError();
  api.LMSGetErrorString("0");
  api.LMSGetDiagnostic("");
  assert.deepEqual(recorder.violations, [], "error functions are allowed before LMSInitialize");
  api.LMSGetValue("cmi.core.student_id");
  expectViolation(recorder, "called before a successful LMSInitialize");
  api.LMSInitialize("");
  api.LMSInitialize("");
  expectViolation(recorder, "LMSInitialize called more than once");
});

test('lesson_status "not attempted" and other bad statuses', () => {
  const { recorder, api } = session();
  api.LMSInitialize("");
  api.LMSSetValue("cmi.core.lesson_status", "not attempted");
  expectViolation(recorder, '"not attempted"');
  api.LMSSetValue("cmi.core.lesson_status", "Passed");
  api.LMSSetValue("cmi.core.lesson_status", "unknown");
  assert.equal(recorder.violations.length, 3);
});

test("score.raw in exponent form and out of range", () => {
  const { recorder, api } = session();
  api.LMSInitialize("");
  api.LMSSetValue("cmi.core.score.raw", "1e2");
  expectViolation(recorder, '"1e2"');
  for (const bad of ["101", "-1", " 50", "50.", ".5", "NaN", "1,5"]) {
    assert.ok(recorder.checkSetValue("cmi.core.score.raw", bad).length > 0, bad);
  }
  for (const good of ["0", "100", "87.5", "100.00", ""]) {
    assert.deepEqual(recorder.checkSetValue("cmi.core.score.max", good), [], good);
  }
  api.LMSSetValue("cmi.core.score.min", 0);
  expectViolation(recorder, "argument 2 is 0 (number), not a string");
});

test('session_time "1:2:3" and other timespans', () => {
  const { recorder, api } = session();
  api.LMSInitialize("");
  api.LMSSetValue("cmi.core.session_time", "1:2:3");
  expectViolation(recorder, "CMITimespan");
  for (const bad of ["00:60:00", "00:00:60", "00000:00:00", "0:00:00", "00:00:00.123", "PT1M", "00:00"]) {
    assert.ok(recorder.checkSetValue("cmi.core.session_time", bad).length > 0, bad);
  }
  for (const good of ["00:00:00", "0000:59:59.99", "123:04:05.6", "01:02:03"]) {
    assert.deepEqual(recorder.checkSetValue("cmi.core.session_time", good), [], good);
  }
});

test('exit "normal"', () => {
  const { recorder, api } = session();
  api.LMSInitialize("");
  api.LMSSetValue("cmi.core.exit", "normal");
  expectViolation(recorder, '"normal" is not a SCORM 1.2 value');
  for (const good of ["suspend", "logout", "time-out", ""]) {
    assert.deepEqual(recorder.checkSetValue("cmi.core.exit", good), [], good);
  }
});

test("read-only, write-only and unknown elements", () => {
  const { recorder, api } = session();
  api.LMSInitialize("");
  for (const ro of [
    "cmi.core.student_id",
    "cmi.core.student_name",
    "cmi.core.entry",
    "cmi.core.credit",
    "cmi.core.total_time",
    "cmi.core.lesson_mode",
    "cmi.launch_data",
    "cmi.core._children",
    "cmi.interactions._count",
  ]) {
    api.LMSSetValue(ro, "x");
    expectViolation(recorder, `"${ro}" is read-only`);
  }
  api.LMSSetValue("cmi.location", "1");
  expectViolation(recorder, 'element "cmi.location" is not in the SCORM 1.2 data model');
  api.LMSSetValue("cmi.core.foo", "1");
  expectViolation(recorder, 'unknown SCORM 1.2 element "cmi.core.foo"');
  api.LMSGetValue("cmi.completion_status");
  expectViolation(recorder, '"cmi.completion_status" is not in the SCORM 1.2 data model');
  api.LMSGetValue("cmi.core.session_time");
  expectViolation(recorder, '"cmi.core.session_time" is write-only');
});

test("length limits", () => {
  const { recorder } = session();
  assert.deepEqual(recorder.checkSetValue("cmi.core.lesson_location", "x".repeat(255)), []);
  assert.equal(recorder.checkSetValue("cmi.core.lesson_location", "x".repeat(256)).length, 1);
  assert.deepEqual(recorder.checkSetValue("cmi.suspend_data", "x".repeat(4096)), []);
  assert.match(recorder.checkSetValue("cmi.suspend_data", "x".repeat(4097))[0], /4097 characters long, the limit is 4096/);
});

test("interaction rules", () => {
  const { recorder, api } = session();
  api.LMSInitialize("");
  api.LMSSetValue("cmi.interactions.0.id", "question 1");
  expectViolation(recorder, "without spaces");
  api.LMSSetValue("cmi.interactions.0.type", "multiple-choice");
  expectViolation(recorder, '"multiple-choice"');
  api.LMSSetValue("cmi.interactions.0.type", "choice");
  api.LMSSetValue("cmi.interactions.0.student_response", "B");
  expectViolation(recorder, "does not fit the interaction's type \"choice\"");
  api.LMSSetValue("cmi.interactions.0.result", "incorrect");
  expectViolation(recorder, "SCORM 1.2 uses \"wrong\"");
  api.LMSSetValue("cmi.interactions.0.time", "2024-01-01T10:00:00");
  expectViolation(recorder, "HH:MM:SS");
  api.LMSSetValue("cmi.interactions.2.id", "q3");
  expectViolation(recorder, "index 2 skips entries");
  api.LMSGetValue("cmi.interactions.0.result");
  expectViolation(recorder, "write-only");
  assert.equal(recorder.violations.length, 7);
  for (const good of ["correct", "wrong", "unanticipated", "neutral", "0.5"]) {
    assert.deepEqual(recorder.checkSetValue("cmi.interactions.0.result", good), [], good);
  }
});

test("array counts read from the LMS allow appending after earlier entries", () => {
  const recorder = createRecorder();
  const inner = fakeApi();
  inner.LMSGetValue = (element) => (element === "cmi.interactions._count" ? "3" : "");
  const api = recorder.wrapScorm12(inner);
  api.LMSInitialize("");
  api.LMSGetValue("cmi.interactions._count");
  api.LMSSetValue("cmi.interactions.3.id", "q4");
  assert.deepEqual(recorder.violations, []);
});

test("entries stored by an earlier session count even if the content did not read _count", () => {
  const recorder = createRecorder();
  const inner = fakeApi();
  inner.LMSGetValue = (element) => (element === "cmi.objectives._count" ? "2" : "");
  const api = recorder.wrapScorm12(inner);
  api.LMSInitialize("");
  api.LMSSetValue("cmi.objectives.1.status", "passed");
  api.LMSSetValue("cmi.objectives.2.id", "m3");
  assert.deepEqual(recorder.violations, []);
  api.LMSSetValue("cmi.objectives.4.id", "m5");
  assert.equal(recorder.violations.length, 1);
  assert.match(recorder.violations[0], /index 4 skips entries: cmi\.objectives\._count is 3/);
  assert.equal(recorder.calls.length, 4, "the recorder's own questions are not recorded");
});

test("non-string arguments are recorded in a serialisable form", () => {
  const { recorder, api } = session();
  api.LMSInitialize("");
  api.LMSSetValue("cmi.suspend_data", { a: 1 });
  expectViolation(recorder, "[object Object], not a string");
  assert.equal(recorder.calls.at(-1).args[1], "[object Object]");
  assert.doesNotThrow(() => JSON.stringify(recorder.calls));
});

test("as a plain script without module it defines LotseRecorder on the global object", () => {
  const context = vm.createContext({});
  vm.runInContext(readFileSync(recorderPath, "utf8"), context, { filename: "scorm12-recorder.js" });
  const r = context.LotseRecorder;
  assert.equal(typeof r.wrapScorm12, "function");
  const api = r.wrapScorm12(fakeApi());
  api.LMSInitialize("");
  api.LMSFinish("");
  api.LMSCommit("");
  assert.equal(r.calls.length, 3);
  assert.equal(r.violations.length, 1);
});
