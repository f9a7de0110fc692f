// Writes a Lotse course folder of generated but realistic prose for the browser benchmark
// (bench/browser.mjs): per module a `#` title, an introduction, `##` sections of paragraphs, a
// bulleted list, a takeaways list and `questions` single-choice questions with feedback on every
// answer. The text comes from a fixed pool, picked by a seeded generator, so every run writes the
// same course.
//
//   const course = generateCourse(dir, { id: "bench-60", modules: 60, questionsPerModule: 1 });
//   // course.title, course.modules: [{ file, title, firstLine }]
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";

const TOPICS = [
  "the first visit", "a warm referral", "the integration plan", "working with interpreters",
  "recognition of qualifications", "language courses", "housing advice", "school enrolment",
  "health insurance", "childcare places", "the review appointment", "volunteer mentoring",
  "data protection at the front desk", "job centre appointments", "family reunification letters",
  "counselling for women", "youth services", "sports clubs and associations", "digital services",
  "complaints and feedback",
];

const SECTION_TITLES = [
  "Why this matters", "What the person needs to know", "Typical situations", "Working together",
  "Common obstacles", "Good practice in the office", "What to record", "When to refer",
];

const SENTENCES = [
  "Many newcomers meet a local authority for the first time at the front desk, and that first contact shapes how they see the whole administration.",
  "Explain the next step in plain language and say how long it usually takes, so that the person can plan the coming weeks.",
  "A short written note with the address, the opening hours and the name of a contact person helps more than a long leaflet.",
  "Ask the person to say in their own words what they will do next instead of asking whether everything is clear.",
  "Where the conversation matters, book an interpreter rather than relying on relatives, and never ask children to interpret.",
  "Services work better when each office knows what the others offer and whom to call when a case does not fit the usual path.",
  "Record what was agreed, who does what and by when, so that a colleague can pick up the case without starting again.",
  "Personal data may only be passed on when the person has agreed or the law allows it, and the file should say which.",
  "Targeted offers, for example courses with childcare, reach groups that regular services often miss.",
  "A referral is warm when you make the first contact together with the person instead of only handing over an address.",
  "Goals in an integration plan are agreed with the person, written down in simple words and reviewed at a fixed date.",
  "Recognition procedures take time, and people need to know early which documents to collect and where to translate them.",
  "Volunteers can accompany people to appointments, but they do not replace the advice of the responsible service.",
  "Feedback from the people who use a service shows where the procedure is hard to follow and what could be simpler.",
  "Waiting times are easier to bear when the person knows why they wait and what happens in the meantime.",
  "Check regularly whether the information you hand out is still correct: offices move, phone numbers change and courses end.",
];

const LIST_ITEMS = [
  "the name and phone number of the contact person", "the documents to bring to the next appointment",
  "the date of the review appointment", "which service was contacted and when",
  "whether an interpreter is needed and for which language", "what the person decided to do next",
  "the opening hours of the counselling service", "a short note of what was agreed",
];

// A small deterministic generator (mulberry32).
function random(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function paragraph(rand, count) {
  const out = [];
  for (let i = 0; i < count; i++) out.push(SENTENCES[Math.floor(rand() * SENTENCES.length)]);
  return out.join(" ");
}

function moduleText(n, title, questions, rand) {
  const topic = TOPICS[(n - 1) % TOPICS.length];
  // The first line of the first paragraph is unique to the module, so that the benchmark can
  // recognise it on the page.
  const firstLine = `Module ${n} is about ${topic} and what it asks of staff.`;
  const lines = [`# ${title}`, "", `${firstLine} ${paragraph(rand, 3)}`, ""];
  const sections = 3 + Math.floor(rand() * 2);
  for (let s = 0; s < sections; s++) {
    lines.push(`## ${SECTION_TITLES[(n + s) % SECTION_TITLES.length]}`, "");
    lines.push(paragraph(rand, 3 + Math.floor(rand() * 3)), "");
    if (s === 1) {
      lines.push("Write down:", "");
      for (let i = 0; i < 5; i++) lines.push(`- ${LIST_ITEMS[(n + i) % LIST_ITEMS.length]}`);
      lines.push("");
    }
    lines.push(paragraph(rand, 2 + Math.floor(rand() * 3)), "");
  }
  lines.push("## Check your understanding", "");
  for (let q = 1; q <= questions; q++) {
    lines.push(`### What should you do first in case ${q} of module ${n}? {#m${n}-q${q} .single-choice}`, "");
    lines.push(paragraph(rand, 2), "");
    lines.push("- [ ] Hand over a leaflet and close the case.");
    lines.push("  > Not quite. A leaflet alone rarely gets the person to the right service.");
    lines.push("- [x] Explain the next step and agree it with the person.");
    lines.push("  > Right. The person knows what happens next and can take part in it.");
    lines.push("- [ ] Wait until the person comes back with more documents.");
    lines.push("  > No. Waiting without a plan only delays the procedure.");
    lines.push("");
  }
  lines.push("## Key points {.takeaways}", "");
  for (let i = 0; i < 3; i++) lines.push(`- ${SENTENCES[(n * 3 + i) % SENTENCES.length]}`);
  lines.push("");
  return { text: lines.join("\n"), firstLine };
}

export function generateCourse(dir, { id, modules, questionsPerModule, seed = 9 }) {
  mkdirSync(dir, { recursive: true });
  const rand = random(seed);
  const title = `Benchmark course: ${modules} modules`;
  const list = [];
  for (let n = 1; n <= modules; n++) {
    const topic = TOPICS[(n - 1) % TOPICS.length];
    const moduleTitle = `${n}. ${topic[0].toUpperCase()}${topic.slice(1)}`;
    const file = `${String(n).padStart(3, "0")}-module-${n}.md`;
    const { text, firstLine } = moduleText(n, moduleTitle, questionsPerModule, rand);
    writeFileSync(path.join(dir, file), text);
    list.push({ file, title: moduleTitle, firstLine });
  }
  const toml = [
    `id = "${id}"`,
    `title = "${title}"`,
    `description = "A generated course for the browser benchmark."`,
    `language = "en"`,
    `version = "1.0.0"`,
    `modules = [`,
    ...list.map((m) => `  "${m.file}",`),
    `]`,
    "",
  ].join("\n");
  writeFileSync(path.join(dir, "course.toml"), toml);
  return { title, modules: list };
}
