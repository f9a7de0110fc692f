// Unit tests of the SCORM recorder (tests/e2e/scorm-recorder.js) for both versions, in node, no browser.
import { test } from "node:test";
import assert from "node:assert/strict";
import { createRequire } from "node:module";
import { readFileSync } from "node:fs";
import vm from "node:vm";

const require = createRequire(import.meta.url);
const recorderPath = require.resolve("./scorm-recorder.js");
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
  api.LMSGetValue("cmi.suspend_data");
  assert.equal(api.LMSSetValue("cmi.suspend_data", "abc"), "false");
  assert.deepEqual(recorder.violations, []);
  const call = recorder.calls.at(-1);
  assert.equal(call.result, "false");
  assert.equal(call.errorCode, "405");
  // the recorder's own read of the error code is not recorded as a call
  assert.equal(recorder.calls.length, 3);
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
  api.LMSSetValue("cmi.interactions.0.type", "choice");
  assert.deepEqual(recorder.checkSetValue("cmi.interactions.0.type", "multiple-choice").length, 1);
  api.LMSSetValue("cmi.interactions.1.id", "q2");
  api.LMSSetValue("cmi.interactions.1.type", "multiple-choice");
  expectViolation(recorder, '"multiple-choice"');
  api.LMSSetValue("cmi.interactions.0.student_response", "B");
  expectViolation(recorder, "does not fit the interaction's type \"choice\"");
  api.LMSSetValue("cmi.interactions.0.result", "incorrect");
  expectViolation(recorder, "SCORM 1.2 uses \"wrong\"");
  api.LMSSetValue("cmi.interactions.0.time", "2024-01-01T10:00:00");
  expectViolation(recorder, "HH:MM:SS");
  api.LMSSetValue("cmi.interactions.3.id", "q4");
  expectViolation(recorder, "index 3 skips entries");
  api.LMSGetValue("cmi.interactions.0.result");
  expectViolation(recorder, "write-only");
  assert.equal(recorder.violations.length, 7, recorder.violations.join("\n"));
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
  vm.runInContext(readFileSync(recorderPath, "utf8"), context, { filename: "scorm-recorder.js" });
  const r = context.LotseRecorder;
  assert.equal(typeof r.wrapScorm12, "function");
  const api = r.wrapScorm12(fakeApi());
  api.LMSInitialize("");
  api.LMSFinish("");
  api.LMSCommit("");
  assert.equal(r.calls.length, 3);
  assert.equal(r.violations.length, 1);
});

// ---- rules the recorder checks in both versions ---------------------------

test("suspend_data written before it was read", () => {
  const { recorder, api } = session();
  api.LMSInitialize("");
  api.LMSSetValue("cmi.suspend_data", "AQID");
  expectViolation(recorder, "cmi.suspend_data is written before it was read");
  api.LMSGetValue("cmi.suspend_data");
  api.LMSSetValue("cmi.suspend_data", "AQID");
  assert.equal(recorder.violations.length, 1, "once read, writing is fine");
});

test("Terminate without a commit after the last SetValue", () => {
  const { recorder, api } = session();
  api.LMSInitialize("");
  api.LMSSetValue("cmi.core.lesson_location", "m1");
  api.LMSCommit("");
  api.LMSSetValue("cmi.core.exit", "suspend");
  api.LMSFinish("");
  expectViolation(recorder, "the last LMSSetValue (#3) is not followed by a LMSCommit");
  assert.equal(recorder.violations.length, 1);
  const clean = session();
  clean.api.LMSInitialize("");
  clean.api.LMSFinish("");
  assert.deepEqual(clean.recorder.violations, [], "nothing set, nothing to commit");
});

test("an interaction's id comes first, then its type, and the type is set once", () => {
  const { recorder, api } = session();
  api.LMSInitialize("");
  api.LMSSetValue("cmi.interactions.0.type", "choice");
  expectViolation(recorder, "cmi.interactions.0.id must be set first");
  const other = session();
  other.api.LMSInitialize("");
  other.api.LMSSetValue("cmi.interactions.0.id", "q1");
  other.api.LMSSetValue("cmi.interactions.0.result", "correct");
  expectViolation(other.recorder, "cmi.interactions.0.type must be set right after the id, before result");
  other.api.LMSSetValue("cmi.interactions.0.type", "choice");
  other.api.LMSSetValue("cmi.interactions.0.type", "choice");
  expectViolation(other.recorder, "never set it twice");
  assert.equal(other.recorder.violations.length, 2);
});

test("error functions may follow a Terminate that failed, nothing else", () => {
  const recorder = createRecorder();
  const inner = fakeApi();
  inner.LMSFinish = () => "false";
  const api = recorder.wrapScorm12(inner);
  api.LMSInitialize("");
  api.LMSFinish("");
  api.LMSGetLastError();
  api.LMSGetErrorString("101");
  api.LMSGetDiagnostic("101");
  assert.deepEqual(recorder.violations, []);
  api.LMSCommit("");
  expectViolation(recorder, "called after LMSFinish");
});

// ---- SCORM 2004 -------------------------------------------------------------

// A tiny LMS-side SCORM 2004 API: answers "true" and remembers values.
function fakeApi2004({ failSet = [], values: extra = {} } = {}) {
  const values = { "cmi.completion_status": "unknown", "cmi.interactions._count": "0", ...extra };
  let lastError = "0";
  return {
    Initialize: () => "true",
    GetValue: (element) => {
      lastError = element in values ? "0" : "403";
      return values[element] ?? "";
    },
    SetValue: (element, value) => {
      if (failSet.includes(element)) {
        lastError = "406";
        return "false";
      }
      lastError = "0";
      values[element] = value;
      return "true";
    },
    Commit: () => "true",
    Terminate: () => "true",
    GetLastError: () => lastError,
    GetErrorString: (code) => (code === "0" ? "No error" : "Error"),
    GetDiagnostic: () => "",
  };
}

function session2004(options) {
  const recorder = createRecorder();
  const api = recorder.wrapScorm2004(fakeApi2004(options));
  return { recorder, api };
}

function cleanSequence2004(api) {
  assert.equal(api.Initialize(""), "true");
  for (const e of ["cmi.entry", "cmi.mode", "cmi.credit", "cmi.learner_id", "cmi.learner_name", "cmi.location",
    "cmi.suspend_data", "cmi.completion_threshold", "cmi.scaled_passing_score", "cmi.total_time",
    "cmi.learner_preference.language", "cmi.interactions._count"]) {
    api.GetValue(e);
  }
  api.GetLastError();
  api.SetValue("cmi.completion_status", "incomplete");
  api.SetValue("cmi.location", "integration-management");
  api.SetValue("cmi.suspend_data", "AQID");
  api.SetValue("cmi.progress_measure", "0.5");
  api.Commit("");
  api.SetValue("cmi.interactions.0.id", "integration-plan-contents");
  api.SetValue("cmi.interactions.0.type", "choice");
  api.SetValue("cmi.interactions.0.objectives.0.id", "integration-management");
  api.SetValue("cmi.interactions.0.timestamp", "2026-12-03T10:15:30");
  api.SetValue("cmi.interactions.0.correct_responses.0.pattern", "c");
  api.SetValue("cmi.interactions.0.learner_response", "c");
  api.SetValue("cmi.interactions.0.result", "correct");
  api.SetValue("cmi.interactions.0.latency", "PT12.5S");
  api.SetValue("cmi.interactions.0.weighting", "1");
  api.SetValue("cmi.interactions.0.description", "What does an individual integration plan record?");
  api.SetValue("cmi.interactions.1.id", "urn:lotse:q2");
  api.SetValue("cmi.interactions.1.type", "matching");
  api.SetValue("cmi.interactions.1.correct_responses.0.pattern", "a[.]x[,]b[.]y");
  api.SetValue("cmi.interactions.1.learner_response", "a[.]y[,]b[.]x");
  api.SetValue("cmi.interactions.1.result", "incorrect");
  api.SetValue("cmi.interactions.2.id", "q3");
  api.SetValue("cmi.interactions.2.type", "numeric");
  api.SetValue("cmi.interactions.2.correct_responses.0.pattern", "10[:]12.5");
  api.SetValue("cmi.interactions.2.learner_response", "11");
  api.SetValue("cmi.interactions.2.result", "0.5");
  api.SetValue("cmi.interactions.3.id", "q4");
  api.SetValue("cmi.interactions.3.type", "true-false");
  api.SetValue("cmi.interactions.3.correct_responses.0.pattern", "true");
  api.SetValue("cmi.interactions.3.learner_response", "false");
  api.SetValue("cmi.interactions.3.result", "incorrect");
  api.SetValue("cmi.interactions.4.id", "q5");
  api.SetValue("cmi.interactions.4.type", "fill-in");
  api.SetValue("cmi.interactions.4.correct_responses.0.pattern", "{case_matters=false}{order_matters=false}Amt[,]Behörde");
  api.SetValue("cmi.interactions.4.learner_response", "Amt");
  api.SetValue("cmi.interactions.4.result", "neutral");
  api.SetValue("cmi.interactions.5.id", "q6");
  api.SetValue("cmi.interactions.5.type", "sequencing");
  api.SetValue("cmi.interactions.5.correct_responses.0.pattern", "step_1[,]step_2[,]step_3");
  api.SetValue("cmi.interactions.5.learner_response", "step_2[,]step_1[,]step_3");
  api.SetValue("cmi.interactions.5.result", "unanticipated");
  api.SetValue("cmi.objectives.0.id", "integration-management");
  api.SetValue("cmi.objectives.0.success_status", "passed");
  api.SetValue("cmi.objectives.0.completion_status", "completed");
  api.SetValue("cmi.objectives.0.score.scaled", "1");
  api.SetValue("cmi.score.scaled", "0.875");
  api.SetValue("cmi.score.raw", "87.5");
  api.SetValue("cmi.score.min", "0");
  api.SetValue("cmi.score.max", "100");
  api.SetValue("cmi.progress_measure", "1");
  api.SetValue("cmi.completion_status", "completed");
  api.SetValue("cmi.success_status", "passed");
  api.SetValue("cmi.exit", "normal");
  api.SetValue("cmi.session_time", "PT3M7.25S");
  api.SetValue("cmi.learner_preference.language", "de-AT");
  api.Commit("");
  assert.equal(api.Terminate(""), "true");
}

test("SCORM 2004: a clean session has no violations and is fully recorded", () => {
  const { recorder, api } = session2004();
  cleanSequence2004(api);
  assert.deepEqual(recorder.violations, []);
  assert.equal(recorder.version(), "SCORM 2004");
  assert.equal(recorder.calls[0].method, "Initialize");
  assert.equal(recorder.calls.at(-1).method, "Terminate");
  assert.equal(recorder.state(), "Terminated");
  const reads = recorder.calls.filter((c) => c.method === "GetValue" && c.result === "" && c.errorCode === "403");
  assert.ok(reads.length > 0, "403 on a first-launch read is recorded, not a violation");
});

test("SCORM 2004: the wrapper has the 2004 methods and one recorder records one version", () => {
  const recorder = createRecorder();
  const api = recorder.wrapScorm2004(fakeApi2004());
  assert.deepEqual(Object.keys(api).sort(), [
    "Commit", "GetDiagnostic", "GetErrorString", "GetLastError", "GetValue", "Initialize", "SetValue", "Terminate",
  ]);
  assert.throws(() => recorder.wrapScorm12(fakeApi()), /records SCORM 2004 already/);
  assert.throws(() => createRecorder().wrapScorm2004(fakeApi()), /has no Initialize method/);
});

test("SCORM 2004: Initialize, Commit and Terminate without the empty string; Terminate twice; calls after it", () => {
  for (const [method, args] of [["Initialize", []], ["Initialize", ["x"]], ["Commit", []], ["Terminate", [null]]]) {
    const { recorder, api } = session2004();
    if (method !== "Initialize") api.Initialize("");
    api[method](...args);
    expectViolation(recorder, args[0] === null ? "argument 1 is null" : 'exactly one argument, the empty string ""');
  }
  const { recorder, api } = session2004();
  api.GetValue("cmi.location");
  expectViolation(recorder, "called before a successful Initialize");
  api.Initialize("");
  api.Initialize("");
  expectViolation(recorder, "Initialize called more than once");
  api.Terminate("");
  api.Terminate("");
  expectViolation(recorder, "Terminate called more than once");
  api.GetValue("cmi.location");
  expectViolation(recorder, "called after Terminate");
  assert.equal(recorder.violations.length, 4);
});

test("SCORM 2004: status vocabularies", () => {
  const { recorder } = session2004();
  const bad = (e, v) => assert.ok(recorder.checkSetValue(e, v).length > 0, `${e} = ${v}`);
  const good = (e, v) => assert.deepEqual(recorder.checkSetValue(e, v), [], `${e} = ${v}`);
  for (const v of ["completed", "incomplete", "not attempted", "unknown"]) good("cmi.completion_status", v);
  for (const v of ["passed", "failed", "browsed", "Completed", ""]) bad("cmi.completion_status", v);
  for (const v of ["passed", "failed", "unknown"]) good("cmi.success_status", v);
  for (const v of ["completed", "incomplete", "not attempted", ""]) bad("cmi.success_status", v);
  for (const v of ["normal", "suspend", "time-out", "logout", ""]) good("cmi.exit", v);
  for (const v of ["Normal", "finish", "pause"]) bad("cmi.exit", v);
  // The 1.2 names are not in the 2004 data model.
  assert.match(recorder.checkSetValue("cmi.core.lesson_status", "passed")[0], /not in the SCORM 2004 data model/);
});

test("SCORM 2004: score.scaled in [-1, 1], plain decimals, and raw/min/max set too", () => {
  const { recorder } = session2004();
  for (const v of ["-1", "0", "0.875", "1", "1.0"]) assert.deepEqual(recorder.checkSetValue("cmi.score.scaled", v), [], v);
  for (const v of ["1.01", "-1.5", "2", "8.75e-1", "1E0", ".5", "0.5 ", "", "NaN"]) {
    assert.ok(recorder.checkSetValue("cmi.score.scaled", v).length > 0, v);
  }
  assert.match(recorder.checkSetValue("cmi.score.raw", "1e2")[0], /plain notation/);
  assert.deepEqual(recorder.checkSetValue("cmi.score.raw", "87.5"), []);

  const s = session2004();
  s.api.Initialize("");
  s.api.SetValue("cmi.score.scaled", "0.5");
  s.api.SetValue("cmi.score.raw", "50");
  s.api.Commit("");
  s.api.Terminate("");
  expectViolation(s.recorder, "cmi.score.scaled was set without cmi.score.min, cmi.score.max");
  assert.equal(s.recorder.violations.length, 1);
  const n = session2004();
  n.api.Initialize("");
  n.api.SetValue("cmi.score.scaled", 0.5);
  expectViolation(n.recorder, "argument 2 is 0.5 (number), not a string");
});

test("SCORM 2004: progress_measure in [0, 1]", () => {
  const { recorder } = session2004();
  for (const v of ["0", "0.5", "1"]) assert.deepEqual(recorder.checkSetValue("cmi.progress_measure", v), [], v);
  for (const v of ["-0.1", "1.5", "50", "5e-1"]) assert.ok(recorder.checkSetValue("cmi.progress_measure", v).length > 0, v);
});

test("SCORM 2004: session_time and latency as ISO 8601 durations", () => {
  const { recorder } = session2004();
  for (const v of ["PT0S", "PT1M23.45S", "PT1H2M3.5S", "P1DT2H", "PT10M", "P2Y3M4DT5H6M7S", "PT59.9S"]) {
    assert.deepEqual(recorder.checkSetValue("cmi.session_time", v), [], v);
    assert.deepEqual(recorder.checkSetValue("cmi.interactions.0.latency", v), [], v);
  }
  const reasons = (v) => recorder.checkSetValue("cmi.session_time", v).join(" ");
  assert.match(reasons("P"), /"P" or "PT" alone is invalid/);
  assert.match(reasons("PT"), /"P" or "PT" alone is invalid/);
  assert.match(reasons("P1W"), /weeks/);
  assert.match(reasons("PT1.234S"), /more than 2 fraction digits/);
  assert.match(reasons("PT0M"), /zero duration must be written "PT0S"/);
  assert.match(reasons("P0D"), /"PT0S"/);
  for (const v of ["00:01:23.45", "PT1M23.45", "pt1m", "P1DT", "PT-1S", "1M", "PT1,5S", " PT1S"]) {
    assert.ok(reasons(v).length > 0, v);
  }
  assert.ok(recorder.checkSetValue("cmi.interactions.0.latency", "PT").length > 0);
  // session_time is write-only
  const s = session2004();
  s.api.Initialize("");
  s.api.GetValue("cmi.session_time");
  expectViolation(s.recorder, '"cmi.session_time" is write-only');
});

test("SCORM 2004: read-only elements and unknown elements", () => {
  const { recorder, api } = session2004();
  api.Initialize("");
  for (const ro of ["cmi.entry", "cmi.mode", "cmi.credit", "cmi.learner_id", "cmi.learner_name", "cmi.total_time",
    "cmi.completion_threshold", "cmi.scaled_passing_score", "cmi.launch_data", "cmi._version",
    "cmi.interactions._count", "cmi.max_time_allowed"]) {
    api.SetValue(ro, "x");
    expectViolation(recorder, `"${ro}" is read-only`);
  }
  api.SetValue("cmi.score.foo", "1");
  expectViolation(recorder, 'unknown SCORM 2004 element "cmi.score.foo"');
  api.GetValue("cmi.core.entry");
  expectViolation(recorder, 'element "cmi.core.entry" is not in the SCORM 2004 data model');
});

test("SCORM 2004: location and suspend_data limits", () => {
  const { recorder } = session2004();
  assert.deepEqual(recorder.checkSetValue("cmi.location", "x".repeat(1000)), []);
  assert.match(recorder.checkSetValue("cmi.location", "x".repeat(1001))[0], /1001 characters long, the limit is 1000/);
  assert.deepEqual(recorder.checkSetValue("cmi.suspend_data", "x".repeat(64000)), []);
  assert.match(recorder.checkSetValue("cmi.suspend_data", "x".repeat(64001))[0], /the limit is 64000/);
  // The 1.2 limits stay as they were.
  assert.equal(recorder.checkSetValue("cmi.suspend_data", "x".repeat(4097), "1.2").length, 1);
  assert.equal(recorder.checkSetValue("cmi.core.lesson_location", "x".repeat(256), "1.2").length, 1);
});

test("SCORM 2004: suspend_data written before it was read, and no commit before Terminate", () => {
  const { recorder, api } = session2004();
  api.Initialize("");
  api.SetValue("cmi.suspend_data", "AQID");
  expectViolation(recorder, "cmi.suspend_data is written before it was read");
  api.Commit("");
  api.SetValue("cmi.exit", "suspend");
  api.SetValue("cmi.session_time", "PT5S");
  api.Terminate("");
  expectViolation(recorder, 'the last SetValue (#4) is not followed by a Commit("") before Terminate');
  assert.equal(recorder.violations.length, 2);
});

test("SCORM 2004: interaction ids, order, patterns, results and timestamps", () => {
  const { recorder, api } = session2004();
  api.Initialize("");
  api.SetValue("cmi.interactions.0.type", "choice");
  expectViolation(recorder, "cmi.interactions.0.id must be set first");
  api.SetValue("cmi.interactions.1.id", "question 2");
  expectViolation(recorder, "must contain no white space");
  api.SetValue("cmi.interactions.1.learner_response", "a");
  expectViolation(recorder, "type must be set right after the id, before learner_response");
  api.SetValue("cmi.interactions.1.type", "choice");
  api.SetValue("cmi.interactions.1.type", "true-false");
  expectViolation(recorder, "never set it twice");
  api.SetValue("cmi.interactions.1.learner_response", "option-a");
  expectViolation(recorder, 'Moodle rejects "-"');
  api.SetValue("cmi.interactions.1.correct_responses.0.pattern", "a,b");
  expectViolation(recorder, 'joined by "[,]"');
  api.SetValue("cmi.interactions.1.result", "wrong");
  expectViolation(recorder, '"wrong" is the SCORM 1.2 value; SCORM 2004 uses "incorrect"');
  api.SetValue("cmi.interactions.1.timestamp", "2026-12-03T10:15:30.123Z");
  expectViolation(recorder, "3-digit milliseconds");
  api.SetValue("cmi.interactions.1.timestamp", "2026-12-03T10:15:30Z");
  expectViolation(recorder, "time zone without fractional seconds");
  api.SetValue("cmi.interactions.3.id", "q4");
  expectViolation(recorder, "index 3 skips entries");
  assert.equal(recorder.violations.length, 10, recorder.violations.join("\n"));

  const ok = (type, element, v) =>
    assert.deepEqual(recorder.checkSetValue(`cmi.interactions.0.${element}`, v, "2004", type), [], `${type} ${v}`);
  const bad = (type, element, v) =>
    assert.ok(recorder.checkSetValue(`cmi.interactions.0.${element}`, v, "2004", type).length > 0, `${type} ${v}`);
  ok("true-false", "learner_response", "true");
  bad("true-false", "learner_response", "t");
  bad("true-false", "correct_responses.0.pattern", "1");
  ok("choice", "learner_response", "a[,]b_2[,]c.3");
  bad("choice", "learner_response", "a b");
  ok("matching", "correct_responses.0.pattern", "1[.]a[,]2[.]b");
  bad("matching", "correct_responses.0.pattern", "1.a,2.b");
  ok("numeric", "correct_responses.0.pattern", "[:]5");
  ok("numeric", "learner_response", "-2.5");
  bad("numeric", "learner_response", "2,5");
  bad("numeric", "learner_response", "1e3");
  ok("likert", "learner_response", "agree_3");
  bad("likert", "learner_response", "a[,]b");
  for (const v of ["2026-12-03T10:15:30", "2026-12-03T10:15:30.1", "2026-12-03T10:15:30.12+01:00", "2026-12-03"]) {
    ok(undefined, "timestamp", v);
  }
  for (const v of ["2026-12-03 10:15:30", "2026-13-03T10:15:30", "03.12.2026", "10:15:30"]) bad(undefined, "timestamp", v);
  for (const v of ["correct", "incorrect", "unanticipated", "neutral", "0.5", "-1"]) ok(undefined, "result", v);
  bad(undefined, "result", "Correct");
});

test("SCORM 2004: interactions stored by an earlier session may be appended to", () => {
  const { recorder, api } = session2004({ values: { "cmi.interactions._count": "2" } });
  api.Initialize("");
  api.SetValue("cmi.interactions.2.id", "q3");
  api.SetValue("cmi.interactions.2.type", "choice");
  assert.deepEqual(recorder.violations, []);
});

test("the recorder cannot pass vacuously: every wrong call in a session is flagged", () => {
  // The same session as cleanSequence2004, with one mistake at a time: each must be caught.
  const mistakes = [
    (api) => api.SetValue("cmi.completion_status", "passed"),
    (api) => api.SetValue("cmi.success_status", "completed"),
    (api) => api.SetValue("cmi.score.scaled", "87.5"),
    (api) => api.SetValue("cmi.progress_measure", "1.2"),
    (api) => api.SetValue("cmi.session_time", "P"),
    (api) => api.SetValue("cmi.exit", "finish"),
    (api) => api.SetValue("cmi.location", "x".repeat(1001)),
    (api) => api.SetValue("cmi.interactions.6.id", "has space"),
    (api) => api.Commit(),
    (api) => api.SetValue("cmi.interactions.0.type", "choice"),
  ];
  for (const [i, mistake] of mistakes.entries()) {
    const { recorder, api } = session2004();
    const inner = { ...api };
    let done = false;
    // The mistake is made right before the final Commit.
    inner.Commit = (arg) => {
      if (!done && recorder.calls.some((c) => c.args[0] === "cmi.session_time")) {
        done = true;
        mistake(api);
      }
      return arg === undefined ? api.Commit() : api.Commit(arg);
    };
    cleanSequence2004(inner);
    assert.equal(recorder.violations.length >= 1, true, `mistake ${i} (${mistake}) was not flagged`);
  }
});
