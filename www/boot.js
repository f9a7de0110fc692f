// Starts the player. A file of the package, not a script inside index.html, so that the page's
// Content-Security-Policy can allow the package's own scripts and nothing else. xtask minifies it
// into dist/<build>/boot.js, with LOTSE_CMI5 true in the cmi5 build only (false drops that part).
//
// A classic script at the end of <body>: it runs before the page is first painted, and the player
// files it asks for are already on their way (index.html preloads them).
(function () {
  var doc = document;
  // The page's own words until the player runs, in German for a browser set to German (the
  // player then follows the learning platform's language preference too).
  var german = /^de\b/i.test(navigator.language);
  if (german) {
    doc.documentElement.lang = "de";
    doc.getElementById("lotse-loading").textContent = "Der Kurs wird geladen …";
  }
  if (LOTSE_CMI5) {
    // cmi5: the LMS names its LRS in the launch URL (`endpoint`, and `fetch` for the token),
    // usually on another origin. The page's own policy lets connections go to any http(s)
    // origin; this second one, in place before the player runs, allows the page's own origin and
    // those two only. A browser enforces both policies, so a request must pass each.
    let allowed = "'self'";
    for (const name of ["endpoint", "fetch"]) {
      try {
        // Absolute, as cmi5 requires (a relative one is the page's own origin, 'self' already);
        // an origin as the URL parser writes it, which nothing in it can turn into another rule.
        const origin = new URL(new URLSearchParams(location.search).get(name)).origin;
        if (/^https?:\/\/[a-z0-9.:[\]-]+$/.test(origin) && !allowed.split(" ").includes(origin)) allowed += " " + origin;
      } catch (error) {
        // No such parameter, or not a URL: nothing more is allowed.
      }
    }
    doc.head.append(Object.assign(doc.createElement("meta"), { httpEquiv: "Content-Security-Policy", content: "connect-src " + allowed }));
  }
  // The player: wasm-bindgen's loader falls back from instantiateStreaming to ArrayBuffer when a
  // server sends .wasm with the wrong MIME type, as many LMS file servers do. When it cannot
  // start, the page says why and what to do (index.html's words, in the learner's language).
  import("./lotse.js")
    .then((player) => player.default({ module_or_path: "lotse_bg.wasm" }))
    .catch((error) => {
      const words = doc.getElementById("lotse-failed").content.children[german ? 1 : 0];
      words.querySelector("span").textContent = error;
      doc.getElementById("lotse").replaceChildren(...words.childNodes);
    });
})();
