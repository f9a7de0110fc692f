/*
 * Lotse end-to-end harness: the LMS side of a launch page, shared by scorm12.html, scorm2004.html,
 * scorm-nested.html and scorm-opener.html. A plain script, loaded after scorm-recorder.js.
 *
 * The SCORM version is the page's <html data-version> ("1.2" or "2004") or, without it, the query's
 * version=. The page's <html data-launch> says where the course runs: "frame" (default: an iframe in
 * this page), "nested" (an iframe holding scorm-middle.html, which holds the course: the API is two
 * frames up) or "opener" (a button opens the course in a new window: the API is in its opener).
 *
 * Query string:
 *   version=1.2|2004  the SCORM version, where the page does not fix it
 *   course=<url>      the course to launch (default /course/index.html)
 *   preload=<json>    cmi data of an earlier attempt for scorm-again's loadFromJSON, merged over
 *                     the default learner below, e.g. for 2004 {"entry":"resume","location":"m2",
 *                     "suspend_data":"..."}, for 1.2 {"core":{"entry":"resume"},"suspend_data":"..."}
 *   commit=<url>      scorm-again's lmsCommitUrl (default none: commits only keep the data here)
 *   late=<ms>         the API appears on window that long after the course was launched
 *   middle=<url>      (nested) the player frame's page, by default /harness/scorm-middle.html; on
 *                     another origin, the course's climb meets a frame it may not look into
 *   refuse=initialize the LMS answers Initialize with "false" (error 101), as when its session
 *                     has expired
 *
 * For the tests: window.API or window.API_1484_11 (the wrapped API the course finds),
 * window.scormApi (scorm-again's own object), window.LotseRecorder.calls / .violations and
 * window.LotseHarness: {version, ready (set up, course launched or its button shown), lmsLog,
 * apiShownAt and launchedAt (performance.now() of this page), frame, popup, cmi(), unloadCourse(),
 * fault(kind): the LMS fails from now on, see `faulty` below}.
 */
(function () {
  "use strict";
  var params = new URLSearchParams(location.search);
  var html = document.documentElement;
  var version = html.getAttribute("data-version") || params.get("version") || "2004";
  var launch = html.getAttribute("data-launch") || "frame";
  var course = params.get("course") || "/course/index.html";
  var late = Number(params.get("late") || 0);
  var lmsLog = [];

  var harness = (window.LotseHarness = {
    version: version,
    lmsLog: lmsLog,
    ready: false,
    apiShownAt: null,
    launchedAt: null,
    frame: null,
    popup: null,
    // scorm-again's view of the attempt, as it would send it to its LMS.
    cmi: function () {
      return JSON.parse(JSON.stringify(window.scormApi.renderCMIToJSONObject()));
    },
    // Makes the course's page go away (so its pagehide handlers run) and resolves after that.
    unloadCourse: function () {
      if (harness.popup) {
        var popup = harness.popup;
        return new Promise(function (resolve) {
          try {
            popup.addEventListener("pagehide", function () { setTimeout(resolve, 0); }, { once: true });
          } catch (e) {
            // A window of another origin: wait until it is closed.
            var poll = setInterval(function () {
              if (popup.closed) {
                clearInterval(poll);
                setTimeout(resolve, 100);
              }
            }, 20);
          }
          popup.close();
        });
      }
      var frame = harness.frame;
      return new Promise(function (resolve) {
        frame.addEventListener("load", function () { resolve(); }, { once: true });
        frame.src = "about:blank";
      });
    },
  });

  // Plain objects are merged key by key; anything else replaces.
  function merge(into, from) {
    Object.keys(from).forEach(function (key) {
      var value = from[key];
      if (value && typeof value === "object" && !Array.isArray(value) && into[key] && typeof into[key] === "object") {
        merge(into[key], value);
      } else {
        into[key] = value;
      }
    });
    return into;
  }

  function setUp() {
    var settings = {
      autocommit: false,
      lmsCommitUrl: params.get("commit") || false,
      logLevel: 3, // WARN and ERROR, kept in LotseHarness.lmsLog instead of the console
      onLogMessage: function (level, message) {
        lmsLog.push({ level: level, message: String(message) });
      },
    };
    var scormApi;
    var data;
    if (version === "1.2") {
      scormApi = new window.Scorm12API(settings);
      data = { core: { student_id: "learner-1", student_name: "Learner, Test" } };
    } else {
      scormApi = new window.Scorm2004API(settings);
      data = { learner_id: "learner-1", learner_name: "Test Learner" };
    }
    var preload = params.get("preload");
    if (preload) merge(data, JSON.parse(preload));
    scormApi.loadFromJSON(data);
    window.scormApi = scormApi;
    var lms = faulty(scormApi);
    if (params.get("refuse") === "initialize") lms = refusing(lms, version === "1.2" ? "LMSInitialize" : "Initialize");
    var wrapped = version === "1.2" ? LotseRecorder.wrapScorm12(lms) : LotseRecorder.wrapScorm2004(lms);
    var name = version === "1.2" ? "API" : "API_1484_11";
    harness.fault = function (kind) {
      fault = kind;
      if (kind === "vanish" || kind === "gone") {
        // The course holds the object it found: what it calls is taken from under it.
        Object.keys(wrapped).forEach(function (m) {
          if (kind === "vanish") delete wrapped[m];
          else wrapped[m] = function () { throw new TypeError("Cannot execute code from a freed script"); };
        });
        delete window[name];
      }
    };

    function show() {
      window[name] = wrapped;
      harness.apiShownAt = performance.now();
    }
    if (late > 0) {
      setTimeout(show, late);
    } else {
      show();
    }
    launchCourse();
    harness.ready = true;
  }

  // The faults a test switches on with LotseHarness.fault(kind), between the recorder (which sees
  // what the course called and what it got) and scorm-again (which keeps, and sends to the commit
  // URL, only what was not refused):
  //   "throw"    SetValue and Commit throw, as an LMS whose server is unreachable may;
  //   "false0"   SetValue and Commit answer "false", and GetLastError "0" (no error);
  //   "garbage"  SetValue, Commit and the error methods answer, in turn, undefined, null, an
  //              object, a number, true and "yes";
  //   "vanish"   (in harness.fault) the API's methods are deleted and window.API(_1484_11) too;
  //   "gone"     (in harness.fault) the API's methods throw, as when the LMS's frame navigated
  //              away and left its objects behind.
  var fault = null;
  var GARBAGE = [undefined, null, { result: "true" }, 1, true, "yes"];
  var garbageAt = 0;
  function faulty(api) {
    var proxy = {};
    Object.keys(names()).forEach(function (role) {
      var m = names()[role];
      proxy[m] = function () {
        if (fault === "throw" && (role === "set" || role === "commit")) throw new Error("the LMS's server cannot be reached");
        if (fault === "false0") {
          if (role === "set" || role === "commit") return "false";
          if (role === "lastError") return "0";
          if (role === "errorString") return "No error";
          if (role === "diagnostic") return "";
        }
        if (fault === "garbage" && ["set", "commit", "lastError", "errorString", "diagnostic"].indexOf(role) >= 0) {
          return GARBAGE[garbageAt++ % GARBAGE.length];
        }
        return api[m].apply(api, arguments);
      };
    });
    return proxy;
  }

  function names() {
    var v12 = version === "1.2";
    return {
      initialize: v12 ? "LMSInitialize" : "Initialize",
      get: v12 ? "LMSGetValue" : "GetValue",
      set: v12 ? "LMSSetValue" : "SetValue",
      commit: v12 ? "LMSCommit" : "Commit",
      terminate: v12 ? "LMSFinish" : "Terminate",
      lastError: v12 ? "LMSGetLastError" : "GetLastError",
      errorString: v12 ? "LMSGetErrorString" : "GetErrorString",
      diagnostic: v12 ? "LMSGetDiagnostic" : "GetDiagnostic",
    };
  }

  // scorm-again's API, except that `initialize` answers "false" and the error is 101.
  function refusing(api, initialize) {
    var refused = false;
    var proxy = {};
    var lastError = version === "1.2" ? "LMSGetLastError" : "GetLastError";
    ["Initialize", "GetValue", "SetValue", "Commit", "Terminate", "GetLastError", "GetErrorString", "GetDiagnostic"]
      .map(function (m) {
        return version === "1.2" ? "LMS" + m.replace("Terminate", "Finish") : m;
      })
      .forEach(function (m) {
        proxy[m] = function () {
          if (m === initialize) {
            refused = true;
            return "false";
          }
          if (m === lastError && refused) return "101";
          return api[m].apply(api, arguments);
        };
      });
    return proxy;
  }

  function frame(src, title) {
    var f = document.createElement("iframe");
    f.title = title;
    f.src = src;
    document.body.appendChild(f);
    return f;
  }

  function launchCourse() {
    if (launch === "opener") {
      var button = document.createElement("button");
      button.type = "button";
      button.textContent = "Launch the course";
      button.addEventListener("click", function () {
        harness.popup = window.open(course, "lotse-course", "popup,width=1000,height=800");
        harness.launchedAt = performance.now();
      });
      document.body.appendChild(button);
      return;
    }
    if (launch === "nested") {
      var middle = params.get("middle") || "/harness/scorm-middle.html";
      var absolute = new URL(course, location.href).href;
      harness.frame = frame(middle + "?course=" + encodeURIComponent(absolute), "Course player");
    } else {
      harness.frame = frame(course, "Course");
    }
    harness.launchedAt = performance.now();
  }

  // scorm-again's runtime for this version, then the rest.
  var script = document.createElement("script");
  script.src = "/node_modules/scorm-again/dist/" + (version === "1.2" ? "scorm12" : "scorm2004") + ".min.js";
  script.onload = setUp;
  script.onerror = function () {
    throw new Error("scorm-again could not be loaded from " + script.src);
  };
  document.head.appendChild(script);
})();
