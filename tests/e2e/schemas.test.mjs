// The manifests `lotse package` writes, checked against the official schemas (see schemas.mjs):
// manifests of the packager's shape are valid, broken ones are not (so the validator really
// checks), and the packages `lotse package` makes of real courses are valid too.
//
// Run: node --test tests/e2e/schemas.test.mjs
import { test } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { execFileSync } from "node:child_process";
import os from "node:os";
import { validate, official } from "./schemas.mjs";

// The SCORM 1.2 manifest, in the packager's shape.
const SCORM12 = `<?xml version="1.0" encoding="UTF-8"?>
<manifest identifier="lotse-integration-basics" version="1.0.0" xmlns="http://www.imsproject.org/xsd/imscp_rootv1p1p2" xmlns:adlcp="http://www.adlnet.org/xsd/adlcp_rootv1p2" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="http://www.imsproject.org/xsd/imscp_rootv1p1p2 imscp_rootv1p1p2.xsd http://www.adlnet.org/xsd/adlcp_rootv1p2 adlcp_rootv1p2.xsd">
  <metadata>
    <schema>ADL SCORM</schema>
    <schemaversion>1.2</schemaversion>
  </metadata>
  <organizations default="lotse-org">
    <organization identifier="lotse-org">
      <title>Integration &amp; Co: &lt;Basics&gt;</title>
      <item identifier="lotse-item" identifierref="lotse-sco" isvisible="true">
        <title>Integration &amp; Co: &lt;Basics&gt;</title>
        <adlcp:masteryscore>80</adlcp:masteryscore>
      </item>
    </organization>
  </organizations>
  <resources>
    <resource identifier="lotse-sco" type="webcontent" adlcp:scormtype="sco" href="index.html">
      <file href="index.html"/>
      <file href="lotse.js"/>
      <file href="lotse_bg.wasm"/>
    </resource>
  </resources>
</manifest>
`;

// The SCORM 2004 4th Edition manifest, in the packager's shape.
const SCORM2004 = `<?xml version="1.0" encoding="UTF-8"?>
<manifest identifier="lotse-integration-basics" version="1.0.0" xmlns="http://www.imsglobal.org/xsd/imscp_v1p1" xmlns:adlcp="http://www.adlnet.org/xsd/adlcp_v1p3" xmlns:adlseq="http://www.adlnet.org/xsd/adlseq_v1p3" xmlns:adlnav="http://www.adlnet.org/xsd/adlnav_v1p3" xmlns:imsss="http://www.imsglobal.org/xsd/imsss" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="http://www.imsglobal.org/xsd/imscp_v1p1 imscp_v1p1.xsd http://www.adlnet.org/xsd/adlcp_v1p3 adlcp_v1p3.xsd http://www.adlnet.org/xsd/adlseq_v1p3 adlseq_v1p3.xsd http://www.adlnet.org/xsd/adlnav_v1p3 adlnav_v1p3.xsd http://www.imsglobal.org/xsd/imsss imsss_v1p0.xsd">
  <metadata>
    <schema>ADL SCORM</schema>
    <schemaversion>2004 4th Edition</schemaversion>
  </metadata>
  <organizations default="lotse-org">
    <organization identifier="lotse-org">
      <title>Integration &amp; Co: &lt;Basics&gt;</title>
      <item identifier="lotse-item" identifierref="lotse-sco" isvisible="true">
        <title>Integration &amp; Co: &lt;Basics&gt;</title>
        <adlcp:completionThreshold completedByMeasure="true" minProgressMeasure="0.8"/>
        <imsss:sequencing>
          <imsss:objectives>
            <imsss:primaryObjective objectiveID="lotse-passed" satisfiedByMeasure="true">
              <imsss:minNormalizedMeasure>0.8</imsss:minNormalizedMeasure>
            </imsss:primaryObjective>
          </imsss:objectives>
          <imsss:deliveryControls completionSetByContent="true" objectiveSetByContent="true"/>
        </imsss:sequencing>
      </item>
    </organization>
  </organizations>
  <resources>
    <resource identifier="lotse-sco" type="webcontent" adlcp:scormType="sco" href="index.html">
      <file href="index.html"/>
      <file href="lotse.js"/>
      <file href="lotse_bg.wasm"/>
    </resource>
  </resources>
</manifest>
`;

// The cmi5 course structure, in the packager's shape but with the AU's title and description as
// langstrings: the cmi5 specification (13.1.4) gives both the langstring type, as for the course.
const CMI5 = `<?xml version="1.0" encoding="UTF-8"?>
<courseStructure xmlns="https://w3id.org/xapi/profiles/cmi5/v1/CourseStructure.xsd">
  <course id="urn:lotse:course:integration-basics">
    <title>
      <langstring lang="en">Integration &amp; Co: &lt;Basics&gt;</langstring>
      <langstring lang="de">Integration &amp; Co: Grundlagen</langstring>
    </title>
    <description>
      <langstring lang="en">The basics.</langstring>
    </description>
  </course>
  <au id="urn:lotse:course:integration-basics:au" moveOn="CompletedAndPassed" masteryScore="0.8" launchMethod="AnyWindow">
    <title>
      <langstring lang="en">Integration &amp; Co: &lt;Basics&gt;</langstring>
    </title>
    <description>
      <langstring lang="en">The basics.</langstring>
    </description>
    <url>index.html</url>
  </au>
</courseStructure>
`;

// Replaces `from` (which must be there) in a sample, to break it in one place.
function breaking(sample, from, to) {
  assert.ok(sample.includes(from), `the sample has ${from}`);
  return sample.replace(from, to);
}

async function assertValid(kind, xml, options) {
  const { valid, errors } = await validate(kind, xml, options);
  assert.deepEqual(errors, []);
  assert.equal(valid, true);
}

// The line (from 1) on which `text` first stands in `xml`.
function lineOf(xml, text) {
  const at = xml.indexOf(text);
  assert.ok(at >= 0, `the manifest has ${text}`);
  return xml.slice(0, at).split("\n").length;
}

// Invalid, with an error on the line of `at` (a text in xml) that matches `pattern`.
async function assertInvalid(kind, xml, at, pattern, options) {
  const line = lineOf(xml, at);
  const { valid, errors } = await validate(kind, xml, options);
  assert.equal(valid, false, "the schema takes it");
  assert.ok(
    errors.some((e) => e.startsWith(`line ${line}: `) && pattern.test(e)),
    `no error on line ${line} matching ${pattern}:\n${errors.join("\n")}`,
  );
}

test("the packager's SCORM 1.2 manifest is valid", () => assertValid("scorm12", SCORM12));

test("the packager's SCORM 2004 4th Edition manifest is valid, also with strict extension points", async () => {
  await assertValid("scorm2004", SCORM2004);
  await assertValid("scorm2004", SCORM2004, { strict: true });
});

test("the packager's cmi5 course structure is valid", async () => {
  await assertValid("cmi5", CMI5);
});

test("SCORM 1.2: broken manifests are rejected", async (t) => {
  await t.test("adlcp:scormType (SCORM 2004's spelling)", () =>
    assertInvalid("scorm12", breaking(SCORM12, "adlcp:scormtype=", "adlcp:scormType="), "adlcp:scormType", /scormType/),
  );
  await t.test("adlcp:masteryScore (SCORM 2004's spelling)", () =>
    assertInvalid("scorm12", SCORM12.replaceAll("adlcp:masteryscore", "adlcp:masteryScore"), "<adlcp:masteryScore>", /masteryScore/),
  );
  await t.test("an unknown element", () =>
    assertInvalid("scorm12", breaking(SCORM12, "<metadata>", "<metadata><lotse/>"), "<lotse/>", /lotse.*not expected/),
  );
  await t.test("no identifier on the manifest", () =>
    assertInvalid("scorm12", breaking(SCORM12, ' identifier="lotse-integration-basics"', ""), "<manifest", /identifier/),
  );
  await t.test("not well-formed XML", () =>
    assertInvalid("scorm12", breaking(SCORM12, "Integration &amp; Co", "Integration & Co"), "Integration & Co", /parser error/),
  );
});

test("SCORM 2004 4th Edition: broken manifests are rejected", async (t) => {
  await t.test("imsss:deliveryControls before imsss:objectives", () => {
    const objectives = SCORM2004.slice(
      SCORM2004.indexOf("<imsss:objectives>"),
      SCORM2004.indexOf("</imsss:objectives>") + "</imsss:objectives>".length,
    );
    const delivery = '<imsss:deliveryControls completionSetByContent="true" objectiveSetByContent="true"/>';
    const swapped = breaking(breaking(SCORM2004, delivery, "DELIVERY"), objectives, delivery).replace(
      "DELIVERY",
      objectives,
    );
    return assertInvalid("scorm2004", swapped, "<imsss:objectives>", /imsss\}objectives': This element is not expected/);
  });
  await t.test("minProgressMeasure above 1", () =>
    assertInvalid(
      "scorm2004",
      breaking(SCORM2004, 'minProgressMeasure="0.8"', 'minProgressMeasure="80"'),
      "minProgressMeasure=",
      /minProgressMeasure.*maxInclusive/,
    ),
  );
  await t.test("completedbymeasure (wrong case)", () =>
    assertInvalid(
      "scorm2004",
      breaking(SCORM2004, "completedByMeasure=", "completedbymeasure="),
      "completedbymeasure=",
      /completedbymeasure.*not allowed/,
    ),
  );
  await t.test("an unknown element", () =>
    assertInvalid("scorm2004", breaking(SCORM2004, "<metadata>", "<metadata><lotse/>"), "<lotse/>", /lotse.*not expected/),
  );
  // IMS CP 1.1.4 lets other namespaces in "lax": an attribute its schema does not declare, like
  // SCORM 1.2's spelling adlcp:scormtype, passes the official schemas and is caught only strictly.
  await t.test("adlcp:scormtype (SCORM 1.2's spelling): passes the official schemas, not strict ones", async () => {
    const lower = breaking(SCORM2004, "adlcp:scormType=", "adlcp:scormtype=");
    assert.equal((await validate("scorm2004", lower)).valid, true);
    await assertInvalid("scorm2004", lower, "adlcp:scormtype=", /scormtype.*strict wildcard/, { strict: true });
  });
});

test("cmi5: broken course structures are rejected", async (t) => {
  await t.test("an au without <url>", () =>
    assertInvalid("cmi5", breaking(CMI5, "<url>index.html</url>", ""), "<au ", /url/),
  );
  await t.test("an unknown element", () =>
    assertInvalid("cmi5", breaking(CMI5, "<url>", "<lotse/><url>"), "<lotse/>", /lotse.*not expected/),
  );
});

test("cmi5 is checked against this project's stand-in schema, the SCORM kinds against the official ones", async (t) => {
  assert.equal(official("cmi5"), false, "no registry package ships CourseStructure.xsd (see schemas.mjs)");
  assert.ok(official("scorm12") && official("scorm2004"));
  await t.test("moveOn outside its value set", () =>
    assertInvalid("cmi5", breaking(CMI5, 'moveOn="CompletedAndPassed"', 'moveOn="Visited"'), "moveOn=", /moveOn/),
  );
  await t.test("masteryScore as a percentage", () =>
    assertInvalid("cmi5", breaking(CMI5, 'masteryScore="0.8"', 'masteryScore="80"'), "masteryScore=", /masteryScore/),
  );
  await t.test("a title without langstring", () =>
    assertInvalid("cmi5", CMI5.replace(/<title>\s*<langstring[^>]*>([^<]*)<\/langstring>\s*<\/title>/, "<title>$1</title>"), "<title>Integration", /langstring/),
  );
  await t.test("a course id that is no IRI", () =>
    assertInvalid("cmi5", breaking(CMI5, 'course id="urn:lotse:course:', 'course id="'), "<course ", /pattern/),
  );
});

// The real thing: `lotse package` (LOTSE_E2E_LOTSE, built by `cargo xtask test` with the player
// inside) packages every sample course, the showcase (every construct) and the Arabic course in
// each LMS format; Python's zipfile, not our zip code, takes the manifest out of each zip.
const REPO = path.resolve(path.dirname(new URL(import.meta.url).pathname), "../..");
const COURSES = [path.join(REPO, "tests/e2e/showcase"), path.join(REPO, "tests/e2e/rtl")];
for (const entry of fs.readdirSync(path.join(REPO, "courses"), { withFileTypes: true })) {
  if (entry.isDirectory()) COURSES.push(path.join(REPO, "courses", entry.name));
}

function unzipped(zip, name) {
  const script = "import sys, zipfile\nz = zipfile.ZipFile(sys.argv[1])\nassert z.testzip() is None\nsys.stdout.write(z.read(sys.argv[2]).decode())";
  return execFileSync("python3", ["-c", script, zip, name], { encoding: "utf8" });
}

test("the packages lotse writes for real courses are valid", async (t) => {
  const lotse = process.env.LOTSE_E2E_LOTSE;
  assert.ok(lotse && fs.existsSync(lotse), `LOTSE_E2E_LOTSE=${JSON.stringify(lotse)} is not the lotse tool; run \`cargo xtask test\`, which builds it and sets it`);
  const out = fs.mkdtempSync(path.join(os.tmpdir(), "lotse-schemas-"));
  try {
    for (const [format, kind, file] of [["scorm12", "scorm12", "imsmanifest.xml"], ["scorm2004", "scorm2004", "imsmanifest.xml"], ["cmi5", "cmi5", "cmi5.xml"]]) {
      for (const course of COURSES) {
        await t.test(`${path.basename(course)} as ${format}`, async () => {
          const zip = path.join(out, `${path.basename(course)}-${format}.zip`);
          execFileSync(lotse, ["package", course, "--format", format, "-o", zip], { encoding: "utf8" });
          const manifest = unzipped(zip, file);
          assert.deepEqual(packageKind(manifest, file), kind);
          // The packager writes only ADL's and IMS SS's extensions, so SCORM 2004 is checked strictly.
          await assertValid(kind, manifest, { strict: true });
        });
      }
    }
  } finally {
    fs.rmSync(out, { recursive: true, force: true });
  }
});

// The kind a manifest declares: cmi5.xml is cmi5; imsmanifest.xml's schemaversion tells SCORM's
// version, which the official schemas do not check (Moodle takes anything but 2004 for 1.2).
function packageKind(manifest, file) {
  if (file === "cmi5.xml") return "cmi5";
  const version = /<schemaversion>\s*([^<]*?)\s*<\/schemaversion>/.exec(manifest)?.[1];
  if (version === "1.2") return "scorm12";
  if (version === "2004 4th Edition") return "scorm2004";
  assert.fail(`schemaversion ${JSON.stringify(version)} is neither 1.2 nor 2004 4th Edition`);
}
