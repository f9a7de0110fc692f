// Live preview for `lotse serve`, and only for it: `lotse serve` adds this script to the course's
// page (`<script src="/.lotse/live.js" data-course data-shows data-version>`); packages and
// `lotse build` never contain it.
//
// The page listens to the server's events (Server-Sent Events at /.lotse/events), telling the
// server which course it shows, what it shows (the course, its problems, or the note that the
// course is missing) and the version of that. The server watches the course files and answers
//   reload:   the course changed (or its problems are fixed): load the page again. The player
//             keeps the learner's progress and place in the browser's storage, so the learner
//             stays on the module they were reading;
//   problems: the course cannot be shown as it is now: show the problems over the page, without
//             reloading it, so nothing the learner did is lost (data: {"title", "text"}, the text
//             as `lotse check` writes it);
//   clear:    the problems are gone and the course is as this page shows it: hide them.
// Everything the server sends is shown as text, never as HTML.
(function () {
  "use strict";

  const script = document.currentScript;
  const OVERLAY_ID = "lotse-serve-problems";
  const query =
    "course=" + encodeURIComponent(script.dataset.course || "") +
    "&shows=" + encodeURIComponent(script.dataset.shows || "") +
    "&version=" + encodeURIComponent(script.dataset.version || "");
  const events = new EventSource("/.lotse/events?" + query);

  // Where the keyboard focus was before the overlay took it, to give it back.
  let focusBefore = null;
  // The text shown last: the same problems, dismissed with Escape, do not come back.
  let shownText = null;

  events.addEventListener("reload", () => {
    events.close();
    location.reload();
  });
  events.addEventListener("problems", (event) => {
    const problems = JSON.parse(event.data);
    if (problems.text !== shownText) show(problems);
  });
  events.addEventListener("clear", () => {
    shownText = null;
    hide();
  });
  // The course's warnings, when it has any (`lotse serve` puts them in a <template>): a small
  // panel in a corner, closed at first, that does not take the focus or cover the course.
  const warnings = document.getElementById("lotse-serve-warnings");
  if (warnings) offerWarnings(warnings);

  // When `lotse serve` stops, the browser keeps trying to reconnect (every second, as the server
  // asked with `retry`); once it is back, the server compares versions and says what to do.

  // A dialog over the page, announced by screen readers (role="alertdialog", labelled by its
  // heading, described by the problems), closed with its button or Escape; it keeps the focus.
  function show(problems) {
    hide();
    shownText = problems.text;
    if (!focusBefore) focusBefore = document.activeElement;

    const overlay = document.createElement("div");
    overlay.id = OVERLAY_ID;
    overlay.setAttribute("role", "alertdialog");
    overlay.setAttribute("aria-modal", "true");
    overlay.setAttribute("aria-labelledby", OVERLAY_ID + "-title");
    overlay.setAttribute("aria-describedby", OVERLAY_ID + "-text");
    overlay.tabIndex = -1;
    Object.assign(overlay.style, {
      position: "fixed",
      inset: "0",
      zIndex: "2147483647",
      overflow: "auto",
      background: "rgba(255, 255, 255, 0.97)",
      color: "#1f2328",
      font: "16px/1.5 system-ui, sans-serif",
      padding: "2rem max(1rem, calc((100% - 60rem) / 2))",
    });

    const title = document.createElement("h1");
    title.id = OVERLAY_ID + "-title";
    title.textContent = problems.title;
    title.style.color = "#a1261d";

    const advice = document.createElement("p");
    advice.textContent = "Correct the course files and save them: this page follows by itself.";

    const text = document.createElement("pre");
    text.id = OVERLAY_ID + "-text";
    text.textContent = problems.text;
    Object.assign(text.style, { background: "#f3f5f8", padding: "1rem", overflowX: "auto", whiteSpace: "pre" });

    const close = document.createElement("button");
    close.type = "button";
    close.textContent = "Close (Esc)";
    close.addEventListener("click", () => hide());

    overlay.append(title, advice, text, close);
    overlay.addEventListener("keydown", (event) => {
      if (event.key === "Escape") {
        event.preventDefault();
        hide();
      } else if (event.key === "Tab") {
        // A modal dialog keeps the keyboard: Tab and Shift+Tab go between the dialog itself
        // (whose arrow keys scroll the problems) and its button, never to the page under it.
        event.preventDefault();
        (document.activeElement === close ? overlay : close).focus();
      }
    });
    document.body.append(overlay);
    overlay.focus();
  }

  function offerWarnings(template) {
    const count = Number(template.dataset.count) || 0;
    const panel = document.createElement("aside");
    panel.id = "lotse-serve-warnings-panel";
    panel.setAttribute("aria-label", "Warnings about this course");
    Object.assign(panel.style, {
      position: "fixed",
      right: "0",
      bottom: "0",
      zIndex: "2147483646",
      maxWidth: "min(60rem, 100%)",
      maxHeight: "50vh",
      overflow: "auto",
      background: "#fff8e1",
      color: "#1f2328",
      border: "2px solid #7a5b00",
      font: "14px/1.5 system-ui, sans-serif",
      padding: "0.5rem",
    });
    const toggle = document.createElement("button");
    toggle.type = "button";
    toggle.textContent = count === 1 ? "1 warning about this course" : count + " warnings about this course";
    toggle.setAttribute("aria-expanded", "false");
    const text = document.createElement("pre");
    text.id = "lotse-serve-warnings-text";
    text.textContent = template.content.textContent;
    text.hidden = true;
    Object.assign(text.style, { whiteSpace: "pre", margin: "0.5rem 0 0" });
    toggle.setAttribute("aria-controls", text.id);
    toggle.addEventListener("click", () => {
      text.hidden = !text.hidden;
      toggle.setAttribute("aria-expanded", String(!text.hidden));
    });
    panel.append(toggle, text);
    document.body.append(panel);
  }

  function hide() {
    const overlay = document.getElementById(OVERLAY_ID);
    if (!overlay) return;
    overlay.remove();
    if (focusBefore && document.contains(focusBefore) && typeof focusBefore.focus === "function") {
      focusBefore.focus();
    }
    focusBefore = null;
  }
})();
