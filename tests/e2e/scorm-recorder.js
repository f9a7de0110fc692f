/*
 * Lotse end-to-end harness: a call recorder and contract checker for SCORM 1.2 and SCORM 2004
 * 4th edition.
 *
 * A plain script (no modules, no build). In the browser it is loaded after scorm-again and
 * defines `window.LotseRecorder`; in node it can be loaded with `require` (it then exports the
 * same object) or run in a `vm` context (it then sets `LotseRecorder` on that context's global
 * object).
 *
 *   window.API = LotseRecorder.wrapScorm12(new Scorm12API({...}));
 *   window.API_1484_11 = LotseRecorder.wrapScorm2004(new Scorm2004API({...}));
 *   // later: LotseRecorder.calls      -> [{method, args, result, t, errorCode?}]
 *   //        LotseRecorder.violations -> ["#3 SetValue(...): why", ...]
 *
 * Every call the content makes is forwarded unchanged to the wrapped LMS-side API, recorded in
 * order, and checked against the rules that real LMSs (Moodle, ILIAS, ...) enforce, as listed in
 * shared/lms-contract.md: the literal "" for Initialize/Commit/Terminate, one Initialize, one
 * Terminate and nothing after it, strings only, each element's access and value format, the
 * order of an interaction's fields, length limits, suspend_data read before it is written, and a
 * commit between the last SetValue and Terminate. A call that returns "false" is recorded (with
 * the LMS's error code) but is not a violation by itself.
 *
 * One recorder records one API of one version (one page load of the LMS's launch page).
 * `LotseRecorder.createRecorder()` makes an independent recorder (own calls, violations and
 * state), used by the unit tests.
 */
(function (root) {
  "use strict";

  // ---- shared value formats ------------------------------------------------

  var DECIMAL = /^-?\d+(\.\d+)?$/;
  var UNSIGNED_DECIMAL = /^\d+(\.\d+)?$/;
  var INTEGER = /^-?\d+$/;

  function quote(list) {
    return list
      .map(function (v) {
        return JSON.stringify(v);
      })
      .join(" | ");
  }

  function oneOf(list) {
    return function (value) {
      return list.indexOf(value) < 0 ? "must be one of " + quote(list) : null;
    };
  }

  function maxLength(n) {
    return function (value) {
      return value.length > n ? "is " + value.length + " characters long, the limit is " + n : null;
    };
  }

  function matches(re, description) {
    return function (value) {
      return re.test(value) ? null : "must be " + description;
    };
  }

  function integerRange(min, max) {
    return function (value) {
      if (!INTEGER.test(value) || Number(value) < min || Number(value) > max) {
        return "must be an integer in [" + min + ", " + max + "]";
      }
      return null;
    };
  }

  // A decimal in plain notation (no exponent, no spaces) within [min, max].
  function real(min, max) {
    return function (value) {
      if (!DECIMAL.test(value)) {
        return "must be a decimal number in plain notation (no exponent, spaces or trailing dot)";
      }
      var n = Number(value);
      if ((min !== null && n < min) || (max !== null && n > max)) {
        return "must be within [" + (min === null ? "-inf" : min) + ", " + (max === null ? "inf" : max) + "]";
      }
      return null;
    };
  }

  // ---- SCORM 1.2 -----------------------------------------------------------

  var S12 = {};
  (function () {
    var LESSON_STATUS = ["passed", "completed", "failed", "incomplete", "browsed"];
    var OBJECTIVE_STATUS = LESSON_STATUS.concat(["not attempted"]);
    var EXIT = ["suspend", "logout", "time-out", ""];
    var INTERACTION_TYPES = ["true-false", "choice", "fill-in", "matching", "sequencing", "likert", "numeric", "performance"];
    var INTERACTION_RESULTS = ["correct", "wrong", "unanticipated", "neutral"];
    // CMITimespan: HHHH:MM:SS.SS, 2-4 hour digits, at most 2 fraction digits.
    var TIMESPAN = /^\d{2,4}:[0-5]\d:[0-5]\d(\.\d{1,2})?$/;
    // CMITime: a time of day, HH:MM:SS(.SS).
    var TIME_OF_DAY = /^([01]\d|2[0-3]):[0-5]\d:[0-5]\d(\.\d{1,2})?$/;
    // CMIIdentifier: no white space, printable, at most 255 characters.
    var IDENTIFIER = /^[\x21-\x7E]{1,255}$/;
    var ONE = "[0-9a-z]";
    var RESPONSE_FORMATS = {
      "true-false": [/^[01tf]$/, 'one of "t", "f", "0", "1"'],
      choice: [new RegExp("^\\{?" + ONE + "(," + ONE + ")*\\}?$"), "single characters [0-9a-z] joined by commas"],
      matching: [
        new RegExp("^\\{?" + ONE + "\\." + ONE + "(," + ONE + "\\." + ONE + ")*\\}?$"),
        'pairs like "1.a" joined by commas',
      ],
      sequencing: [new RegExp("^" + ONE + "(," + ONE + ")*$"), "single characters [0-9a-z] joined by commas"],
      likert: [new RegExp("^" + ONE + "?$"), "a single character [0-9a-z]"],
      numeric: [DECIMAL, "a decimal number"],
    };

    // CMIDecimal in [0, 100] (or CMIBlank ""), plain notation only.
    function score(value) {
      if (value === "") return null;
      if (!UNSIGNED_DECIMAL.test(value)) {
        return "must be a plain decimal number in [0, 100] (no sign, exponent or spaces)";
      }
      var n = Number(value);
      return n >= 0 && n <= 100 ? null : "must be within [0, 100]";
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
      if (value === "incorrect") return '"incorrect" is the SCORM 2004 value; SCORM 1.2 uses "wrong"';
      return "must be one of " + quote(INTERACTION_RESULTS) + " or a decimal number";
    }

    // student_response and correct_responses.n.pattern: depends on the type set earlier for the
    // same interaction (if any).
    function interactionResponse(value, ctx) {
      if (value.length > 255) return "is " + value.length + " characters long, the limit is 255";
      var format = ctx.interactionType && RESPONSE_FORMATS[ctx.interactionType];
      if (value === "" || !format) return null;
      return format[0].test(value)
        ? null
        : "does not fit the interaction's type " + JSON.stringify(ctx.interactionType) + ": must be " + format[1];
    }

    S12.name = "SCORM 1.2";
    S12.methods = {
      initialize: "LMSInitialize",
      get: "LMSGetValue",
      set: "LMSSetValue",
      commit: "LMSCommit",
      terminate: "LMSFinish",
      lastError: "LMSGetLastError",
      errorString: "LMSGetErrorString",
      diagnostic: "LMSGetDiagnostic",
    };
    S12.suspendData = "cmi.suspend_data";
    S12.model = [
      ["cmi.core._children", "ro"],
      ["cmi.core.student_id", "ro"],
      ["cmi.core.student_name", "ro"],
      ["cmi.core.lesson_location", "rw", maxLength(255)],
      ["cmi.core.credit", "ro"],
      ["cmi.core.lesson_status", "rw", lessonStatus],
      ["cmi.core.entry", "ro"],
      ["cmi.core.score._children", "ro"],
      ["cmi.core.score.(raw|min|max)", "rw", score],
      ["cmi.core.total_time", "ro"],
      ["cmi.core.lesson_mode", "ro"],
      ["cmi.core.exit", "wo", exitValue],
      ["cmi.core.session_time", "wo", timespan],
      ["cmi.suspend_data", "rw", maxLength(4096)],
      ["cmi.launch_data", "ro"],
      ["cmi.comments", "rw", maxLength(4096)],
      ["cmi.comments_from_lms", "ro"],
      ["cmi.objectives._children", "ro"],
      ["cmi.objectives._count", "ro"],
      ["cmi.objectives.#.id", "rw", identifier],
      ["cmi.objectives.#.score._children", "ro"],
      ["cmi.objectives.#.score.(raw|min|max)", "rw", score],
      ["cmi.objectives.#.status", "rw", oneOf(OBJECTIVE_STATUS)],
      ["cmi.student_data._children", "ro"],
      ["cmi.student_data.mastery_score", "ro"],
      ["cmi.student_data.max_time_allowed", "ro"],
      ["cmi.student_data.time_limit_action", "ro"],
      ["cmi.student_preference._children", "ro"],
      ["cmi.student_preference.audio", "rw", integerRange(-1, 100)],
      ["cmi.student_preference.language", "rw", maxLength(255)],
      ["cmi.student_preference.speed", "rw", integerRange(-100, 100)],
      ["cmi.student_preference.text", "rw", integerRange(-1, 1)],
      ["cmi.interactions._children", "ro"],
      ["cmi.interactions._count", "ro"],
      ["cmi.interactions.#.id", "wo", identifier],
      ["cmi.interactions.#.objectives._count", "ro"],
      ["cmi.interactions.#.objectives.#.id", "wo", identifier],
      ["cmi.interactions.#.time", "wo", matches(TIME_OF_DAY, "a time of day HH:MM:SS (optionally .SS)")],
      ["cmi.interactions.#.type", "wo", oneOf(INTERACTION_TYPES)],
      ["cmi.interactions.#.correct_responses._count", "ro"],
      ["cmi.interactions.#.correct_responses.#.pattern", "wo", interactionResponse],
      ["cmi.interactions.#.weighting", "wo", matches(DECIMAL, "a decimal number")],
      ["cmi.interactions.#.student_response", "wo", interactionResponse],
      ["cmi.interactions.#.result", "wo", interactionResult],
      ["cmi.interactions.#.latency", "wo", timespan],
    ];
    S12.prefixes = ["cmi.core.", "cmi.objectives.", "cmi.student_data.", "cmi.student_preference.", "cmi.interactions."];
    S12.scaled = null;
  })();

  // ---- SCORM 2004 4th edition ----------------------------------------------

  var S2004 = {};
  (function () {
    var COMPLETION = ["completed", "incomplete", "not attempted", "unknown"];
    var SUCCESS = ["passed", "failed", "unknown"];
    var EXIT = ["time-out", "suspend", "logout", "normal", ""];
    var INTERACTION_TYPES = [
      "true-false",
      "choice",
      "fill-in",
      "long-fill-in",
      "likert",
      "matching",
      "performance",
      "sequencing",
      "numeric",
      "other",
    ];
    var INTERACTION_RESULTS = ["correct", "incorrect", "unanticipated", "neutral"];
    // Choice, likert, matching and sequencing ids: what Moodle accepts (no "-").
    var ID = "[A-Za-z0-9_.]+";
    var ID_LIST = new RegExp("^(" + ID + "(\\[,\\]" + ID + ")*)?$");
    var PAIRS = new RegExp("^" + ID + "\\[\\.\\]" + ID + "(\\[,\\]" + ID + "\\[\\.\\]" + ID + ")*$");
    var NAV_REQUESTS = /^(continue|previous|exit|exitAll|abandon|abandonAll|suspendAll|_none_|\{target=[^}\s]+\}(choice|jump))$/;

    // timeinterval (second, 10, 2): an ISO 8601 duration without weeks, at most 2 fraction
    // digits on the seconds, "PT0S" for zero, never "P" or "PT" alone.
    var DURATION = /^P(\d+Y)?(\d+M)?(\d+D)?(T(\d+H)?(\d+M)?(\d+(\.\d{1,2})?S)?)?$/;
    function duration(value) {
      if (/W/.test(value)) return "must not use weeks (W): write days instead";
      if (value === "P" || value === "PT" || /T$/.test(value) || !DURATION.test(value)) {
        if (/\.\d{3,}S$/.test(value)) return "has more than 2 fraction digits on the seconds";
        return 'must be an ISO 8601 duration like "PT1H2M3.5S" ("P" or "PT" alone is invalid)';
      }
      var zero = !/[1-9]/.test(value);
      if (zero && value !== "PT0S") return 'a zero duration must be written "PT0S"';
      return null;
    }

    // time (second, 10, 0): YYYY[-MM[-DD[Thh[:mm[:ss[.s[TZD]]]]]]], at most 2 fraction digits (never
    // the 3-digit milliseconds of toISOString()), a zone only after fractional seconds.
    var TIMESTAMP = new RegExp(
      "^\\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\\d|3[01])(T([01]\\d|2[0-3])(:[0-5]\\d(:[0-5]\\d(\\.\\d{1,2}" +
        "(Z|[+-]([01]\\d|2[0-3])(:[0-5]\\d)?)?)?)?)?)?)?)?$"
    );
    function timestamp(value) {
      if (/\.\d{3}/.test(value)) return "has 3-digit milliseconds (toISOString()); at most 2 fraction digits";
      if (/:\d\d(Z|[+-]\d\d(:\d\d)?)$/.test(value)) {
        return "has a time zone without fractional seconds (YYYY-MM-DDThh:mm:ss.s then the zone)";
      }
      return TIMESTAMP.test(value) ? null : "must be a timestamp YYYY-MM-DDThh:mm:ss (no zone)";
    }

    // long_identifier_type: a URI-like id, no white space, at most 4,000 characters.
    function longIdentifier(value) {
      if (value === "") return "must not be empty";
      if (/\s/.test(value)) return "must contain no white space";
      if (value.length > 4000) return "is " + value.length + " characters long, the limit is 4000";
      return null;
    }

    // Strips the leading {case_matters=...}{order_matters=...}{lang=...} delimiters.
    function withoutDelimiters(value) {
      return value.replace(/^(\{(case_matters|order_matters|lang)=[^}]*\})+/, "");
    }

    // learner_response and correct_responses.n.pattern by the interaction's type.
    function response(pattern) {
      return function (value, ctx) {
        if (value.length > 4000) return "is " + value.length + " characters long, the limit is 4000";
        var type = ctx.interactionType;
        var v = value;
        switch (type) {
          case "true-false":
            return v === "true" || v === "false" ? null : 'a true-false response must be "true" or "false"';
          case "choice":
          case "sequencing":
            v = withoutDelimiters(v);
            if (!ID_LIST.test(v)) {
              return "a " + type + " response must be ids of [A-Za-z0-9_.] joined by \"[,]\" (Moodle rejects \"-\")";
            }
            return null;
          case "likert":
            return new RegExp("^(" + ID + ")?$").test(v) ? null : "a likert response must be one id of [A-Za-z0-9_.]";
          case "matching":
            v = withoutDelimiters(v);
            if (v !== "" && !PAIRS.test(v)) {
              return 'a matching response must be pairs "source[.]target" of [A-Za-z0-9_.] ids joined by "[,]"';
            }
            return null;
          case "numeric":
            if (pattern) {
              var m = /^(-?\d+(\.\d+)?)?\[:\](-?\d+(\.\d+)?)?$/.exec(v);
              if (!m && !DECIMAL.test(v)) return 'a numeric pattern must be "min[:]max" of plain decimals';
              return null;
            }
            return DECIMAL.test(v) ? null : "a numeric response must be a plain decimal number";
          default:
            return null;
        }
      };
    }

    function interactionResult(value) {
      if (INTERACTION_RESULTS.indexOf(value) >= 0 || DECIMAL.test(value)) return null;
      if (value === "wrong") return '"wrong" is the SCORM 1.2 value; SCORM 2004 uses "incorrect"';
      return "must be one of " + quote(INTERACTION_RESULTS) + " or a decimal number";
    }

    function languageTag(value) {
      return /^([A-Za-z]{1,8}(-[A-Za-z0-9]{1,8})*)?$/.test(value) ? null : "must be a language tag like \"de-AT\"";
    }

    // localized_string_type: an optional {lang=...} delimiter, then at most n characters.
    function localized(n) {
      return function (value) {
        return maxLength(n)(value.replace(/^\{lang=[^}]*\}/, ""));
      };
    }

    S2004.name = "SCORM 2004";
    S2004.methods = {
      initialize: "Initialize",
      get: "GetValue",
      set: "SetValue",
      commit: "Commit",
      terminate: "Terminate",
      lastError: "GetLastError",
      errorString: "GetErrorString",
      diagnostic: "GetDiagnostic",
    };
    S2004.suspendData = "cmi.suspend_data";
    S2004.model = [
      ["cmi._version", "ro"],
      ["cmi.comments_from_learner._children", "ro"],
      ["cmi.comments_from_learner._count", "ro"],
      ["cmi.comments_from_learner.#.comment", "rw", localized(4000)],
      ["cmi.comments_from_learner.#.location", "rw", maxLength(250)],
      ["cmi.comments_from_learner.#.timestamp", "rw", timestamp],
      ["cmi.comments_from_lms._children", "ro"],
      ["cmi.comments_from_lms._count", "ro"],
      ["cmi.comments_from_lms.#.(comment|location|timestamp)", "ro"],
      ["cmi.completion_status", "rw", oneOf(COMPLETION)],
      ["cmi.completion_threshold", "ro"],
      ["cmi.credit", "ro"],
      ["cmi.entry", "ro"],
      ["cmi.exit", "wo", oneOf(EXIT)],
      ["cmi.interactions._children", "ro"],
      ["cmi.interactions._count", "ro"],
      ["cmi.interactions.#.id", "rw", longIdentifier],
      ["cmi.interactions.#.type", "rw", oneOf(INTERACTION_TYPES)],
      ["cmi.interactions.#.objectives._count", "ro"],
      ["cmi.interactions.#.objectives.#.id", "rw", longIdentifier],
      ["cmi.interactions.#.timestamp", "rw", timestamp],
      ["cmi.interactions.#.correct_responses._count", "ro"],
      ["cmi.interactions.#.correct_responses.#.pattern", "rw", response(true)],
      ["cmi.interactions.#.weighting", "rw", real(null, null)],
      ["cmi.interactions.#.learner_response", "rw", response(false)],
      ["cmi.interactions.#.result", "rw", interactionResult],
      ["cmi.interactions.#.latency", "rw", duration],
      ["cmi.interactions.#.description", "rw", localized(250)],
      ["cmi.launch_data", "ro"],
      ["cmi.learner_id", "ro"],
      ["cmi.learner_name", "ro"],
      ["cmi.learner_preference._children", "ro"],
      ["cmi.learner_preference.audio_level", "rw", real(0, null)],
      ["cmi.learner_preference.language", "rw", languageTag],
      ["cmi.learner_preference.delivery_speed", "rw", real(0, null)],
      ["cmi.learner_preference.audio_captioning", "rw", oneOf(["-1", "0", "1"])],
      ["cmi.location", "rw", maxLength(1000)],
      ["cmi.max_time_allowed", "ro"],
      ["cmi.mode", "ro"],
      ["cmi.objectives._children", "ro"],
      ["cmi.objectives._count", "ro"],
      ["cmi.objectives.#.id", "rw", longIdentifier],
      ["cmi.objectives.#.score._children", "ro"],
      ["cmi.objectives.#.score.scaled", "rw", real(-1, 1)],
      ["cmi.objectives.#.score.(raw|min|max)", "rw", real(null, null)],
      ["cmi.objectives.#.success_status", "rw", oneOf(SUCCESS)],
      ["cmi.objectives.#.completion_status", "rw", oneOf(COMPLETION)],
      ["cmi.objectives.#.progress_measure", "rw", real(0, 1)],
      ["cmi.objectives.#.description", "rw", localized(250)],
      ["cmi.progress_measure", "rw", real(0, 1)],
      ["cmi.scaled_passing_score", "ro"],
      ["cmi.score._children", "ro"],
      ["cmi.score.scaled", "rw", real(-1, 1)],
      ["cmi.score.(raw|min|max)", "rw", real(null, null)],
      ["cmi.session_time", "wo", duration],
      ["cmi.success_status", "rw", oneOf(SUCCESS)],
      ["cmi.suspend_data", "rw", maxLength(64000)],
      ["cmi.time_limit_action", "ro"],
      ["cmi.total_time", "ro"],
      ["adl.nav.request", "rw", matches(NAV_REQUESTS, "a navigation request")],
      ["adl.nav.request_valid.(continue|previous)", "ro"],
      ["adl.nav.request_valid.(choice|jump).{target=[^}]+}", "ro"],
      ["adl.data._children", "ro"],
      ["adl.data._count", "ro"],
      ["adl.data.#.id", "ro"],
      ["adl.data.#.store", "rw", maxLength(64000)],
    ];
    S2004.prefixes = [
      "cmi.comments_from_learner.",
      "cmi.comments_from_lms.",
      "cmi.interactions.",
      "cmi.learner_preference.",
      "cmi.objectives.",
      "cmi.score.",
      "adl.",
    ];
    // score.scaled needs raw, min and max too (Moodle's gradebook reads raw).
    S2004.scaled = { scaled: "cmi.score.scaled", others: ["cmi.score.raw", "cmi.score.min", "cmi.score.max"] };
  })();

  // Compiles the model: "#" is an array index, "." is literal, "(a|b)" stays a group.
  var N = "(0|[1-9]\\d*)";
  [S12, S2004].forEach(function (v) {
    v.model = v.model.map(function (row) {
      var re = new RegExp("^" + row[0].replace(/\./g, "\\.").replace(/#/g, N).replace(/\{/g, "\\{") + "$");
      return { re: re, access: row[1], check: row[2] || null };
    });
    var m = v.methods;
    v.list = [m.initialize, m.get, m.set, m.commit, m.terminate, m.lastError, m.errorString, m.diagnostic];
    v.errorMethods = [m.lastError, m.errorString, m.diagnostic];
  });

  function lookup(v, element) {
    for (var i = 0; i < v.model.length; i++) {
      if (v.model[i].re.test(element)) return v.model[i];
    }
    return null;
  }

  function unknownElement(v, element) {
    for (var i = 0; i < v.prefixes.length; i++) {
      if (element.indexOf(v.prefixes[i]) === 0) return "unknown " + v.name + " element " + JSON.stringify(element);
    }
    return "element " + JSON.stringify(element) + " is not in the " + v.name + " data model";
  }

  // Arrays whose entries must be written in order (index <= _count).
  // Returns [arrayPath, index] for an element inside such an array.
  function arrayEntry(element) {
    var m =
      /^(cmi\.interactions\.\d+\.(?:objectives|correct_responses))\.(\d+)\./.exec(element) ||
      /^(cmi\.(?:objectives|interactions|comments_from_learner))\.(\d+)\./.exec(element);
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
    var version = null; // S12 or S2004, set by the wrap
    var state = "NotInitialized"; // -> Running -> Terminated
    var initializeCount = 0;
    var terminateResult = null;
    var arrayCounts = {}; // "cmi.interactions" -> number of entries known
    var interactions = {}; // index -> {id: bool, type: string|undefined}
    var suspendDataRead = false;
    var lastSet = -1; // index of the last SetValue call, and of the last Commit
    var lastCommit = -1;
    var setElements = {}; // element -> true once a SetValue of it was accepted

    function callText(method, args) {
      return method + "(" + args.map(describe).join(", ") + ")";
    }

    function interaction(index) {
      return interactions[index] || (interactions[index] = { id: false, type: undefined });
    }

    // What the value's check needs to know: the interaction's type.
    function context(element) {
      var im = /^cmi\.interactions\.(\d+)\./.exec(element);
      return im && interactions[im[1]] ? { interactionType: interactions[im[1]].type } : {};
    }

    // Checks one call against the contract; returns a list of reasons.
    function check(v, method, args, api) {
      var reasons = [];
      var m = v.methods;
      var i;

      // -- argument types and count
      for (i = 0; i < args.length; i++) {
        if (typeof args[i] !== "string") {
          reasons.push("argument " + (i + 1) + " is " + describe(args[i]) + ", not a string");
        }
      }
      if (method === m.initialize || method === m.commit || method === m.terminate) {
        if (args.length !== 1 || args[0] !== "") reasons.push('must be called with exactly one argument, the empty string ""');
      } else if (method === m.get || method === m.errorString || method === m.diagnostic) {
        if (args.length !== 1) reasons.push("takes exactly one argument, got " + args.length);
      } else if (method === m.set) {
        if (args.length !== 2) reasons.push("takes exactly two arguments, got " + args.length);
      }

      // -- state machine
      if (state === "Terminated") {
        // Reading the error of a Terminate that failed is what the contract asks for.
        var readsTerminateError = terminateResult !== "true" && v.errorMethods.indexOf(method) >= 0;
        if (!readsTerminateError) {
          reasons.push(
            (method === m.terminate ? m.terminate + " called more than once; " : "called after " + m.terminate + ": ") +
              "no call at all is allowed after " + m.terminate
          );
        }
      } else if (method === m.initialize) {
        if (initializeCount > 0) reasons.push(m.initialize + " called more than once");
      } else if (state === "NotInitialized" && v.errorMethods.indexOf(method) < 0) {
        reasons.push("called before a successful " + m.initialize);
      }
      if (method === m.terminate && state === "Running" && lastSet > lastCommit) {
        reasons.push(
          "the last " + m.set + " (#" + lastSet + ") is not followed by a " + m.commit + '("") before ' + m.terminate
        );
      }
      if (method === m.terminate && state === "Running" && v.scaled && setElements[v.scaled.scaled]) {
        var missing = v.scaled.others.filter(function (e) {
          return !setElements[e];
        });
        if (missing.length) {
          reasons.push(v.scaled.scaled + " was set without " + missing.join(", ") + " (Moodle's gradebook reads raw)");
        }
      }

      // -- data model
      if (method === m.get && typeof args[0] === "string") {
        var r = lookup(v, args[0]);
        if (!r) reasons.push(unknownElement(v, args[0]));
        else if (r.access === "wo") reasons.push(JSON.stringify(args[0]) + " is write-only");
      }
      if (method === m.set && typeof args[0] === "string") {
        var element = args[0];
        var value = args[1];
        var rule = lookup(v, element);
        if (!rule) {
          reasons.push(unknownElement(v, element));
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
                var count = String(api[m.get](entry[0] + "._count"));
                if (/^\d+$/.test(count)) known = arrayCounts[entry[0]] = Math.max(known, Number(count));
              } catch (e) {
                /* keep what the recorder knows */
              }
            }
            if (entry[1] > known) {
              reasons.push(
                "index " + entry[1] + " skips entries: " + entry[0] + "._count is " + known + " (write entries in order)"
              );
            }
          }
          var field = /^cmi\.interactions\.(\d+)\.(.+)$/.exec(element);
          if (field) {
            var rec = interactions[field[1]];
            var stored = Number(field[1]) < (arrayCounts["cmi.interactions"] || 0) && !rec;
            if (field[2] !== "id" && !stored && !(rec && rec.id)) {
              reasons.push("cmi.interactions." + field[1] + ".id must be set first, before its other fields");
            } else if (field[2] === "type" && rec && rec.type !== undefined) {
              reasons.push("the interaction's type was set already (" + JSON.stringify(rec.type) + "): never set it twice");
            } else if (field[2] !== "id" && field[2] !== "type" && !stored && rec && rec.type === undefined) {
              reasons.push("cmi.interactions." + field[1] + ".type must be set right after the id, before " + field[2]);
            }
          }
          if (element === v.suspendData && !suspendDataRead) {
            reasons.push(
              v.suspendData + " is written before it was read: a fresh session must never overwrite saved state"
            );
          }
          if (typeof value === "string" && rule.check) {
            var why = rule.check(value, context(element));
            if (why) reasons.push("value " + describe(value) + " " + why);
          }
        }
      }
      return reasons;
    }

    // Updates the recorder's view of the session after the call went through.
    function advance(v, method, args, result, index) {
      var m = v.methods;
      var ok = String(result) === "true";
      if (method === m.initialize) {
        initializeCount++;
        if (state === "NotInitialized" && ok) state = "Running";
      } else if (method === m.terminate) {
        // Whatever it returned, the session is over for the content.
        if (state !== "Terminated") terminateResult = String(result);
        state = "Terminated";
      } else if (method === m.commit) {
        lastCommit = index;
      } else if (method === m.get && typeof args[0] === "string") {
        if (args[0] === v.suspendData) suspendDataRead = true;
        var cm = /^(.*)\._count$/.exec(args[0]);
        if (cm && /^\d+$/.test(String(result))) {
          arrayCounts[cm[1]] = Math.max(arrayCounts[cm[1]] || 0, Number(result));
        }
      } else if (method === m.set && typeof args[0] === "string") {
        lastSet = index;
        if (!ok) return;
        setElements[args[0]] = true;
        var entry = arrayEntry(args[0]);
        if (entry) arrayCounts[entry[0]] = Math.max(arrayCounts[entry[0]] || 0, entry[1] + 1);
        var field = /^cmi\.interactions\.(\d+)\.(id|type)$/.exec(args[0]);
        if (field) {
          arrayCounts["cmi.interactions"] = Math.max(arrayCounts["cmi.interactions"] || 0, Number(field[1]) + 1);
          if (field[2] === "id") interaction(field[1]).id = true;
          // A second type (a violation) does not change how the responses are checked.
          else if (interaction(field[1]).type === undefined) interaction(field[1]).type = args[1];
        }
      }
    }

    function record(api, method, args) {
      var v = version;
      var reasons = check(v, method, args, api);
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
        advance(v, method, args, "false", index);
        throw e;
      }
      entry.result = sanitize(result);
      var failed = String(result) === "false" && v.errorMethods.indexOf(method) < 0;
      if (failed || (method === v.methods.get && result === "")) {
        // Read the LMS's error code for the record (a refused call, or an empty value that may be a
        // 403), straight from the wrapped API (not through the wrapper, so it is neither recorded
        // nor checked).
        try {
          entry.errorCode = String(api[v.methods.lastError]());
        } catch (e) {
          /* the record stays without it */
        }
      }
      advance(v, method, args, result, index);
      return result;
    }

    function wrap(v, api) {
      if (!api || typeof api !== "object") throw new TypeError("the recorder needs the LMS-side API object");
      if (version && version !== v) throw new TypeError("this recorder records " + version.name + " already");
      version = v;
      var wrapped = {};
      v.list.forEach(function (method) {
        if (typeof api[method] !== "function") throw new TypeError("the wrapped API has no " + method + " method");
        wrapped[method] = function () {
          return record(api, method, Array.prototype.slice.call(arguments));
        };
      });
      return wrapped;
    }

    return {
      calls: calls,
      violations: violations,
      wrapScorm12: function (api) {
        return wrap(S12, api);
      },
      wrapScorm2004: function (api) {
        return wrap(S2004, api);
      },
      state: function () {
        return state;
      },
      version: function () {
        return version ? version.name : null;
      },
      // Validation of one SetValue's element and value without a session (no state, no arrays, no
      // interaction order). `which`: "1.2" or "2004"; by default the wrapped API's version, else 1.2.
      // `interactionType`: the type the interaction was given, for its responses.
      checkSetValue: function (element, value, which, interactionType) {
        var v = which === "2004" ? S2004 : which === "1.2" ? S12 : version || S12;
        var rule = lookup(v, element);
        if (!rule) return [unknownElement(v, element)];
        if (rule.access === "ro") return [JSON.stringify(element) + " is read-only"];
        var why = rule.check ? rule.check(value, { interactionType: interactionType }) : null;
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
