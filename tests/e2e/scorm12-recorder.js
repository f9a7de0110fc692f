/*
 * Lotse end-to-end harness: SCORM 1.2 call recorder and contract checker.
 *
 * A plain script (no modules, no build). In the browser it is loaded after
 * scorm-again and defines `window.LotseRecorder`; in node it can be loaded with
 * `require` (it then exports the same object) or run in a `vm` context (it then
 * sets `LotseRecorder` on that context's global object).
 *
 *   const wrapped = LotseRecorder.wrapScorm12(new Scorm12API({...}));
 *   window.API = wrapped;
 *   // later: LotseRecorder.calls      -> [{method, args, result, t, errorCode?}]
 *   //        LotseRecorder.violations -> ["#3 LMSSetValue(...): why", ...]
 *
 * Every call the content makes is forwarded unchanged to the wrapped LMS-side
 * API, recorded in order, and checked against the SCORM 1.2 rules that real
 * LMSs (Moodle, ILIAS, ...) enforce, as listed in shared/lms-contract.md.
 * A call that returns "false" is recorded (with the LMS's error code) but is
 * not a violation by itself.
 *
 * `LotseRecorder.createRecorder()` makes an independent recorder (own calls,
 * violations and state), used by the unit tests.
 */
(function (root) {
  "use strict";

  var METHODS = [
    "LMSInitialize",
    "LMSGetValue",
    "LMSSetValue",
    "LMSCommit",
    "LMSFinish",
    "LMSGetLastError",
    "LMSGetErrorString",
    "LMSGetDiagnostic",
  ];
  var ERROR_METHODS = ["LMSGetLastError", "LMSGetErrorString", "LMSGetDiagnostic"];

  // ---- value formats -------------------------------------------------------

  var LESSON_STATUS = ["passed", "completed", "failed", "incomplete", "browsed"];
  var OBJECTIVE_STATUS = LESSON_STATUS.concat(["not attempted"]);
  var EXIT = ["suspend", "logout", "time-out", ""];
  var INTERACTION_TYPES = [
    "true-false",
    "choice",
    "fill-in",
    "matching",
    "sequencing",
    "likert",
    "numeric",
    "performance",
  ];
  var INTERACTION_RESULTS = ["correct", "wrong", "unanticipated", "neutral"];

  var DECIMAL = /^-?\d+(\.\d+)?$/;
  var UNSIGNED_DECIMAL = /^\d+(\.\d+)?$/;
  var INTEGER = /^-?\d+$/;
  // CMITimespan: HHHH:MM:SS.SS, 2-4 hour digits, at most 2 fraction digits.
  var TIMESPAN = /^\d{2,4}:[0-5]\d:[0-5]\d(\.\d{1,2})?$/;
  // CMITime: a time of day, HH:MM:SS(.SS).
  var TIME_OF_DAY = /^([01]\d|2[0-3]):[0-5]\d:[0-5]\d(\.\d{1,2})?$/;
  // CMIIdentifier: no white space, printable, at most 255 characters.
  var IDENTIFIER = /^[\x21-\x7E]{1,255}$/;
  var ONE_CHAR = "[0-9a-z]";
  var RESPONSE_FORMATS = {
    "true-false": /^[01tf]$/,
    choice: new RegExp("^\\{?" + ONE_CHAR + "(," + ONE_CHAR + ")*\\}?$"),
    matching: new RegExp(
      "^\\{?" + ONE_CHAR + "\\." + ONE_CHAR + "(," + ONE_CHAR + "\\." + ONE_CHAR + ")*\\}?$"
    ),
    sequencing: new RegExp("^" + ONE_CHAR + "(," + ONE_CHAR + ")*$"),
    likert: new RegExp("^" + ONE_CHAR + "?$"),
    numeric: DECIMAL,
  };
  var RESPONSE_DESCRIPTIONS = {
    "true-false": 'one of "t", "f", "0", "1"',
    choice: "single characters [0-9a-z] joined by commas",
    matching: 'pairs like "1.a" joined by commas',
    sequencing: "single characters [0-9a-z] joined by commas",
    likert: "a single character [0-9a-z]",
    numeric: "a decimal number",
  };

  function quote(list) {
    return list
      .map(function (v) {
        return JSON.stringify(v);
      })
      .join(" | ");
  }

  function oneOf(list, extra) {
    return function (value) {
      if (list.indexOf(value) < 0) {
        return "must be one of " + quote(list) + (extra ? extra(value) : "");
      }
      return null;
    };
  }

  function maxLength(n) {
    return function (value) {
      if (value.length > n) {
        return "is " + value.length + " characters long, the limit is " + n;
      }
      return null;
    };
  }

  // CMIDecimal in [0, 100] (or CMIBlank ""), plain notation only.
  function score(value) {
    if (value === "") return null;
    if (!UNSIGNED_DECIMAL.test(value)) {
      return "must be a plain decimal number in [0, 100] (no sign, exponent or spaces)";
    }
    var n = Number(value);
    if (!(n >= 0 && n <= 100)) return "must be within [0, 100]";
    return null;
  }

  function integerRange(min, max) {
    return function (value) {
      if (!INTEGER.test(value) || Number(value) < min || Number(value) > max) {
        return "must be an integer in [" + min + ", " + max + "]";
      }
      return null;
    };
  }

  function matches(re, description) {
    return function (value) {
      return re.test(value) ? null : "must be " + description;
    };
  }

  var timespan = matches(
    TIMESPAN,
    "a CMITimespan HHHH:MM:SS.SS (2-4 hour digits, minutes and seconds 00-59, at most 2 fraction digits)"
  );
  var identifier = matches(IDENTIFIER, "an identifier of 1-255 printable characters without spaces");

  function lessonStatus(value) {
    if (value === "not attempted") {
      return 'must never be set to "not attempted" (only the LMS uses it); one of ' + quote(LESSON_STATUS);
    }
    return oneOf(LESSON_STATUS)(value);
  }

  function exitValue(value) {
    if (value === "normal") return '"normal" is not a SCORM 1.2 value; must be one of ' + quote(EXIT);
    return oneOf(EXIT)(value);
  }

  function interactionResult(value) {
    if (INTERACTION_RESULTS.indexOf(value) >= 0 || DECIMAL.test(value)) return null;
    if (value === "incorrect") {
      return '"incorrect" is the SCORM 2004 value; SCORM 1.2 uses "wrong"';
    }
    return "must be one of " + quote(INTERACTION_RESULTS) + " or a decimal number";
  }

  // student_response and correct_responses.n.pattern: depends on the type set
  // earlier for the same interaction (if any).
  function interactionResponse(value, ctx) {
    if (value.length > 255) return "is " + value.length + " characters long, the limit is 255";
    var type = ctx.interactionType;
    if (value === "" || !type || !RESPONSE_FORMATS[type]) return null;
    if (!RESPONSE_FORMATS[type].test(value)) {
      return "does not fit the interaction's type " + JSON.stringify(type) + ": must be " +
        RESPONSE_DESCRIPTIONS[type];
    }
    return null;
  }

  // ---- the SCORM 1.2 data model ---------------------------------------------
  // access: "ro" read-only, "wo" write-only, "rw" read/write.
  var N = "(0|[1-9]\\d*)";
  function el(pattern) {
    return new RegExp("^" + pattern.replace(/\./g, "\\.").replace(/#/g, N) + "$");
  }
  var MODEL = [
    [el("cmi.core._children"), "ro"],
    [el("cmi.core.student_id"), "ro"],
    [el("cmi.core.student_name"), "ro"],
    [el("cmi.core.lesson_location"), "rw", maxLength(255)],
    [el("cmi.core.credit"), "ro"],
    [el("cmi.core.lesson_status"), "rw", lessonStatus],
    [el("cmi.core.entry"), "ro"],
    [el("cmi.core.score._children"), "ro"],
    [/^cmi\.core\.score\.(raw|min|max)$/, "rw", score],
    [el("cmi.core.total_time"), "ro"],
    [el("cmi.core.lesson_mode"), "ro"],
    [el("cmi.core.exit"), "wo", exitValue],
    [el("cmi.core.session_time"), "wo", timespan],
    [el("cmi.suspend_data"), "rw", maxLength(4096)],
    [el("cmi.launch_data"), "ro"],
    [el("cmi.comments"), "rw", maxLength(4096)],
    [el("cmi.comments_from_lms"), "ro"],
    [el("cmi.objectives._children"), "ro"],
    [el("cmi.objectives._count"), "ro"],
    [el("cmi.objectives.#.id"), "rw", identifier],
    [el("cmi.objectives.#.score._children"), "ro"],
    [new RegExp("^cmi\\.objectives\\." + N + "\\.score\\.(raw|min|max)$"), "rw", score],
    [el("cmi.objectives.#.status"), "rw", oneOf(OBJECTIVE_STATUS)],
    [el("cmi.student_data._children"), "ro"],
    [el("cmi.student_data.mastery_score"), "ro"],
    [el("cmi.student_data.max_time_allowed"), "ro"],
    [el("cmi.student_data.time_limit_action"), "ro"],
    [el("cmi.student_preference._children"), "ro"],
    [el("cmi.student_preference.audio"), "rw", integerRange(-1, 100)],
    [el("cmi.student_preference.language"), "rw", maxLength(255)],
    [el("cmi.student_preference.speed"), "rw", integerRange(-100, 100)],
    [el("cmi.student_preference.text"), "rw", integerRange(-1, 1)],
    [el("cmi.interactions._children"), "ro"],
    [el("cmi.interactions._count"), "ro"],
    [el("cmi.interactions.#.id"), "wo", identifier],
    [el("cmi.interactions.#.objectives._count"), "ro"],
    [el("cmi.interactions.#.objectives.#.id"), "wo", identifier],
    [el("cmi.interactions.#.time"), "wo", matches(TIME_OF_DAY, "a time of day HH:MM:SS (optionally .SS)")],
    [el("cmi.interactions.#.type"), "wo", oneOf(INTERACTION_TYPES)],
    [el("cmi.interactions.#.correct_responses._count"), "ro"],
    [el("cmi.interactions.#.correct_responses.#.pattern"), "wo", interactionResponse],
    [el("cmi.interactions.#.weighting"), "wo", matches(DECIMAL, "a decimal number")],
    [el("cmi.interactions.#.student_response"), "wo", interactionResponse],
    [el("cmi.interactions.#.result"), "wo", interactionResult],
    [el("cmi.interactions.#.latency"), "wo", timespan],
  ];
  var KNOWN_PREFIXES = [
    "cmi.core.",
    "cmi.objectives.",
    "cmi.student_data.",
    "cmi.student_preference.",
    "cmi.interactions.",
  ];

  function lookup(element) {
    for (var i = 0; i < MODEL.length; i++) {
      if (MODEL[i][0].test(element)) return { access: MODEL[i][1], check: MODEL[i][2] || null };
    }
    return null;
  }

  function unknownElement(element) {
    for (var i = 0; i < KNOWN_PREFIXES.length; i++) {
      if (element.indexOf(KNOWN_PREFIXES[i]) === 0) {
        return "unknown SCORM 1.2 element " + JSON.stringify(element);
      }
    }
    return "element " + JSON.stringify(element) + " is not in the SCORM 1.2 data model";
  }

  // Arrays whose entries must be written in order (index <= _count).
  // Returns [arrayPath, index] for an element inside such an array.
  function arrayEntry(element) {
    var m =
      /^(cmi\.interactions\.\d+\.(?:objectives|correct_responses))\.(\d+)\./.exec(element) ||
      /^(cmi\.(?:objectives|interactions))\.(\d+)\./.exec(element);
    return m ? [m[1], Number(m[2])] : null;
  }

  // ---- formatting ----------------------------------------------------------

  function describe(value) {
    if (typeof value === "string") {
      var s = value.length > 80 ? value.slice(0, 77) + "..." : value;
      return JSON.stringify(s) + (value.length > 80 ? " (" + value.length + " chars)" : "");
    }
    if (value === undefined) return "undefined";
    if (value === null) return "null";
    if (typeof value === "object") {
      try {
        return Object.prototype.toString.call(value);
      } catch (e) {
        return "[object]";
      }
    }
    return String(value) + " (" + typeof value + ")";
  }

  function sanitize(value) {
    // Keep recorded arguments serialisable (page.evaluate, JSON).
    if (value === null || value === undefined) return value;
    var t = typeof value;
    if (t === "string" || t === "number" || t === "boolean") return value;
    return describe(value);
  }

  function now() {
    if (typeof performance !== "undefined" && performance && typeof performance.now === "function") {
      return performance.now();
    }
    return Date.now();
  }

  // ---- the recorder --------------------------------------------------------

  function createRecorder() {
    var calls = [];
    var violations = [];
    var state = "NotInitialized"; // -> Running -> Terminated
    var initializeCount = 0;
    var arrayCounts = {}; // "cmi.interactions" -> number of entries known
    var interactionTypes = {}; // interaction index -> type

    function callText(method, args) {
      return method + "(" + args.map(describe).join(", ") + ")";
    }

    // Checks one call against the contract; returns a list of reasons.
    function check(method, args, api) {
      var reasons = [];
      var i;

      // -- argument types and count
      for (i = 0; i < args.length; i++) {
        if (typeof args[i] !== "string") {
          reasons.push("argument " + (i + 1) + " is " + describe(args[i]) + ", not a string");
        }
      }
      if (method === "LMSInitialize" || method === "LMSCommit" || method === "LMSFinish") {
        if (args.length !== 1 || args[0] !== "") {
          reasons.push('must be called with exactly one argument, the empty string ""');
        }
      } else if (method === "LMSGetValue" || method === "LMSGetErrorString" || method === "LMSGetDiagnostic") {
        if (args.length !== 1) reasons.push("takes exactly one argument, got " + args.length);
      } else if (method === "LMSSetValue") {
        if (args.length !== 2) reasons.push("takes exactly two arguments, got " + args.length);
      }

      // -- state machine
      if (state === "Terminated") {
        reasons.push(
          (method === "LMSFinish" ? "LMSFinish called more than once; " : "called after LMSFinish: ") +
            "no call at all is allowed after LMSFinish"
        );
      } else if (method === "LMSInitialize") {
        if (initializeCount > 0) reasons.push("LMSInitialize called more than once");
      } else if (state === "NotInitialized" && ERROR_METHODS.indexOf(method) < 0) {
        reasons.push("called before a successful LMSInitialize");
      }

      // -- data model
      if (method === "LMSGetValue" && typeof args[0] === "string") {
        var r = lookup(args[0]);
        if (!r) reasons.push(unknownElement(args[0]));
        else if (r.access === "wo") reasons.push(JSON.stringify(args[0]) + " is write-only");
      }
      if (method === "LMSSetValue" && typeof args[0] === "string") {
        var element = args[0];
        var value = args[1];
        var rule = lookup(element);
        if (!rule) {
          reasons.push(unknownElement(element));
        } else if (rule.access === "ro") {
          reasons.push(JSON.stringify(element) + " is read-only");
        } else {
          var entry = arrayEntry(element);
          if (entry) {
            var known = arrayCounts[entry[0]] || 0;
            if (entry[1] > known && api && state === "Running") {
              // Entries may exist from an earlier session: ask the LMS (directly, so the
              // question is not recorded; the SetValue that follows sets the error state anew).
              try {
                var count = String(api.LMSGetValue(entry[0] + "._count"));
                if (/^\d+$/.test(count)) known = arrayCounts[entry[0]] = Math.max(known, Number(count));
              } catch (e) {
                /* keep what the recorder knows */
              }
            }
            if (entry[1] > known) {
              reasons.push(
                "index " + entry[1] + " skips entries: " + entry[0] + "._count is " + known +
                  " (write entries in order)"
              );
            }
          }
          if (typeof value === "string" && rule.check) {
            var ctx = {};
            var im = /^cmi\.interactions\.(\d+)\./.exec(element);
            if (im) ctx.interactionType = interactionTypes[im[1]];
            var why = rule.check(value, ctx);
            if (why) reasons.push("value " + describe(value) + " " + why);
          }
        }
      }
      return reasons;
    }

    // Updates the recorder's view of the session after the call went through.
    function advance(method, args, result) {
      if (method === "LMSInitialize") {
        initializeCount++;
        if (state === "NotInitialized" && String(result) === "true") state = "Running";
      } else if (method === "LMSFinish") {
        // Whatever it returned, the session is over for the content.
        state = "Terminated";
      } else if (method === "LMSGetValue" && typeof args[0] === "string") {
        var cm = /^(.*)\._count$/.exec(args[0]);
        if (cm && /^\d+$/.test(String(result))) {
          arrayCounts[cm[1]] = Math.max(arrayCounts[cm[1]] || 0, Number(result));
        }
      } else if (method === "LMSSetValue" && typeof args[0] === "string" && String(result) === "true") {
        var entry = arrayEntry(args[0]);
        if (entry) arrayCounts[entry[0]] = Math.max(arrayCounts[entry[0]] || 0, entry[1] + 1);
        // also count the outer interaction for nested arrays
        var outer = /^cmi\.interactions\.(\d+)\./.exec(args[0]);
        if (outer) {
          arrayCounts["cmi.interactions"] = Math.max(arrayCounts["cmi.interactions"] || 0, Number(outer[1]) + 1);
          var tm = /^cmi\.interactions\.(\d+)\.type$/.exec(args[0]);
          if (tm) interactionTypes[tm[1]] = args[1];
        }
      }
    }

    function record(api, method, args) {
      var reasons = check(method, args, api);
      var entry = { method: method, args: args.map(sanitize), result: undefined, t: now() };
      calls.push(entry);
      var index = calls.length - 1;
      for (var i = 0; i < reasons.length; i++) {
        violations.push("#" + index + " " + callText(method, args) + ": " + reasons[i]);
      }
      var result;
      try {
        result = api[method].apply(api, args);
      } catch (e) {
        entry.threw = String(e && e.message ? e.message : e);
        advance(method, args, "false");
        throw e;
      }
      entry.result = sanitize(result);
      if (String(result) === "false" && ERROR_METHODS.indexOf(method) < 0) {
        // Read the LMS's error code for the record, straight from the wrapped
        // API (not through the wrapper, so it is neither recorded nor checked).
        try {
          entry.errorCode = String(api.LMSGetLastError());
        } catch (e) {
          /* the record stays without it */
        }
      }
      advance(method, args, result);
      return result;
    }

    function wrapScorm12(api) {
      if (!api || typeof api !== "object") throw new TypeError("wrapScorm12 needs the LMS-side API object");
      var wrapped = {};
      METHODS.forEach(function (method) {
        if (typeof api[method] !== "function") {
          throw new TypeError("the wrapped API has no " + method + " method");
        }
        wrapped[method] = function () {
          return record(api, method, Array.prototype.slice.call(arguments));
        };
      });
      return wrapped;
    }

    return {
      calls: calls,
      violations: violations,
      wrapScorm12: wrapScorm12,
      state: function () {
        return state;
      },
      // Validation of one LMSSetValue without a session (no state, no arrays).
      checkSetValue: function (element, value) {
        var rule = lookup(element);
        if (!rule) return [unknownElement(element)];
        if (rule.access === "ro") return [JSON.stringify(element) + " is read-only"];
        var why = rule.check ? rule.check(value, {}) : null;
        return why ? ["value " + describe(value) + " " + why] : [];
      },
    };
  }

  var LotseRecorder = createRecorder();
  LotseRecorder.createRecorder = createRecorder;

  if (typeof module === "object" && module && module.exports) {
    module.exports = LotseRecorder;
  } else {
    root.LotseRecorder = LotseRecorder;
  }
})(typeof globalThis !== "undefined" ? globalThis : this);
