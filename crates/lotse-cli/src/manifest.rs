//! The manifests an LMS reads when it imports a package (`../shared/lms-contract.md`, "Packages"):
//! `imsmanifest.xml` for SCORM 1.2 and SCORM 2004 4th edition, `cmi5.xml` for cmi5. Written with
//! quick-xml, which escapes every title and attribute value; validated against the official
//! schemas by `tests/e2e/schemas.test.mjs`.

use std::io;

use lotse_core::model::{Completion, Course};
use quick_xml::events::{BytesDecl, BytesText, Event};
use quick_xml::Writer;

/// What a manifest describes: the course (in its original language), its translations, and every
/// file of the package but the manifest itself, in order.
pub struct Package<'a> {
    pub course: &'a Course,
    pub translations: &'a [Course],
    pub files: Vec<&'a str>,
}

/// The page the LMS launches.
const LAUNCH: &str = "index.html";

type Xml = Writer<Vec<u8>>;

/// An XML document with its declaration; `body` writes the root element.
fn document(body: impl FnOnce(&mut Xml) -> io::Result<()>) -> String {
    let mut w = Writer::new_with_indent(Vec::new(), b' ', 2);
    let written =
        w.write_event(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None))).and_then(|()| body(&mut w));
    written.expect("writing XML into memory cannot fail");
    let mut text = String::from_utf8(w.into_inner()).expect("quick-xml writes the UTF-8 it is given");
    text.push('\n');
    text
}

fn text(w: &mut Xml, name: &str, value: &str) -> io::Result<()> {
    w.create_element(name).write_text_content(BytesText::new(value)).map(drop)
}

/// `lotse-<course id>`: an XML ID (a course id is lower-case letters, digits and hyphens, and may
/// start with a digit, which an ID may not).
fn identifier(course: &Course) -> String {
    format!("lotse-{}", course.id)
}

/// A percentage as a decimal fraction in [0, 1]: 80 → `0.8`, 75 → `0.75`, 100 → `1`.
pub fn fraction(percent: u8) -> String {
    match percent {
        100.. => "1".to_string(),
        0 => "0".to_string(),
        p => format!("0.{p:02}").trim_end_matches('0').to_string(),
    }
}

/// The files of the package, each as `<file href>`, in a resource.
fn files(w: &mut Xml, package: &Package) -> io::Result<()> {
    for file in &package.files {
        w.create_element("file").with_attribute(("href", *file)).write_empty()?;
    }
    Ok(())
}

/// What a SCORM version's `imsmanifest.xml` writes differently; the rest is shared by
/// [`scorm_manifest`].
struct Scorm<'a> {
    /// The namespaces after the default one, with `xsi`, and `xsi:schemaLocation`.
    namespaces: &'a [(&'a str, &'a str)],
    /// `<schemaversion>`.
    version: &'a str,
    /// The resource's SCO attribute: `adlcp:scormtype` (1.2) or `adlcp:scormType` (2004).
    scorm_type: &'a str,
}

/// A SCORM manifest: one organisation whose item (the course) gets the extra elements `item`
/// writes, and one SCO resource, `index.html`, listing every file of the package.
fn scorm_manifest(package: &Package, scorm: Scorm, item: impl FnOnce(&mut Xml) -> io::Result<()>) -> String {
    let course = package.course;
    let id = identifier(course);
    let mut attributes = vec![("identifier", id.as_str()), ("version", course.version.as_str())];
    attributes.extend_from_slice(scorm.namespaces);
    document(|w| {
        w.create_element("manifest")
            .with_attributes(attributes)
            .write_inner_content(|w| {
                metadata(w, scorm.version)?;
                organizations(w, course, item)?;
                w.create_element("resources").write_inner_content(|w| {
                    w.create_element("resource")
                        .with_attributes([
                            ("identifier", "lotse-sco"),
                            ("type", "webcontent"),
                            (scorm.scorm_type, "sco"),
                            ("href", LAUNCH),
                        ])
                        .write_inner_content(|w| files(w, package))
                        .map(drop)
                })?;
                Ok(())
            })
            .map(drop)
    })
}

/// SCORM 1.2: `adlcp:scormtype` in lower case, the passing score as `adlcp:masteryscore`.
pub fn scorm12(package: &Package) -> String {
    let scorm = Scorm {
        namespaces: &[
            ("xmlns", "http://www.imsproject.org/xsd/imscp_rootv1p1p2"),
            ("xmlns:adlcp", "http://www.adlnet.org/xsd/adlcp_rootv1p2"),
            ("xmlns:xsi", "http://www.w3.org/2001/XMLSchema-instance"),
            (
                "xsi:schemaLocation",
                "http://www.imsproject.org/xsd/imscp_rootv1p1p2 imscp_rootv1p1p2.xsd \
                 http://www.adlnet.org/xsd/adlcp_rootv1p2 adlcp_rootv1p2.xsd",
            ),
        ],
        version: "1.2",
        scorm_type: "adlcp:scormtype",
    };
    scorm_manifest(package, scorm, |w| match package.course.passing_score {
        Some(score) => text(w, "adlcp:masteryscore", &score.to_string()),
        None => Ok(()),
    })
}

/// SCORM 2004 4th edition: `adlcp:scormType`, the content sets completion and success, the passing
/// score as the primary objective's `imsss:minNormalizedMeasure` (which the LMS gives the content
/// as `cmi.scaled_passing_score`), course.toml's completion threshold as
/// `adlcp:completionThreshold` (`cmi.completion_threshold`).
pub fn scorm2004(package: &Package) -> String {
    let course = package.course;
    let scorm = Scorm {
        namespaces: &[
            ("xmlns", "http://www.imsglobal.org/xsd/imscp_v1p1"),
            ("xmlns:adlcp", "http://www.adlnet.org/xsd/adlcp_v1p3"),
            ("xmlns:adlseq", "http://www.adlnet.org/xsd/adlseq_v1p3"),
            ("xmlns:adlnav", "http://www.adlnet.org/xsd/adlnav_v1p3"),
            ("xmlns:imsss", "http://www.imsglobal.org/xsd/imsss"),
            ("xmlns:xsi", "http://www.w3.org/2001/XMLSchema-instance"),
            (
                "xsi:schemaLocation",
                "http://www.imsglobal.org/xsd/imscp_v1p1 imscp_v1p1.xsd \
                 http://www.adlnet.org/xsd/adlcp_v1p3 adlcp_v1p3.xsd \
                 http://www.adlnet.org/xsd/adlseq_v1p3 adlseq_v1p3.xsd \
                 http://www.adlnet.org/xsd/adlnav_v1p3 adlnav_v1p3.xsd \
                 http://www.imsglobal.org/xsd/imsss imsss_v1p0.xsd",
            ),
        ],
        version: "2004 4th Edition",
        scorm_type: "adlcp:scormType",
    };
    scorm_manifest(package, scorm, |w| {
        if let Some(threshold) = course.completion_threshold {
            w.create_element("adlcp:completionThreshold")
                .with_attributes([
                    ("completedByMeasure", "true"),
                    ("minProgressMeasure", fraction(threshold).as_str()),
                ])
                .write_empty()?;
        }
        w.create_element("imsss:sequencing").write_inner_content(|w| {
            if let Some(score) = course.passing_score {
                w.create_element("imsss:objectives").write_inner_content(|w| {
                    w.create_element("imsss:primaryObjective")
                        .with_attributes([("objectiveID", "lotse-passed"), ("satisfiedByMeasure", "true")])
                        .write_inner_content(|w| text(w, "imsss:minNormalizedMeasure", &fraction(score)))
                        .map(drop)
                })?;
            }
            w.create_element("imsss:deliveryControls")
                .with_attributes([("completionSetByContent", "true"), ("objectiveSetByContent", "true")])
                .write_empty()
                .map(drop)
        })?;
        Ok(())
    })
}

fn metadata(w: &mut Xml, version: &str) -> io::Result<()> {
    w.create_element("metadata")
        .write_inner_content(|w| {
            text(w, "schema", "ADL SCORM")?;
            text(w, "schemaversion", version)
        })
        .map(drop)
}

/// One organisation with one item, the course, whose extra elements `item` writes.
fn organizations(
    w: &mut Xml,
    course: &Course,
    item: impl FnOnce(&mut Xml) -> io::Result<()>,
) -> io::Result<()> {
    w.create_element("organizations")
        .with_attribute(("default", "lotse-org"))
        .write_inner_content(|w| {
            w.create_element("organization")
                .with_attribute(("identifier", "lotse-org"))
                .write_inner_content(|w| {
                    text(w, "title", &course.title)?;
                    w.create_element("item")
                        .with_attributes([
                            ("identifier", "lotse-item"),
                            ("identifierref", "lotse-sco"),
                            ("isvisible", "true"),
                        ])
                        .write_inner_content(|w| {
                            text(w, "title", &course.title)?;
                            item(w)
                        })
                        .map(drop)
                })
                .map(drop)
        })
        .map(drop)
}

/// The course's IRI in cmi5 (`urn:lotse:course:<id>`): stable across versions, so that an LMS
/// takes a new version of the package as the same course.
pub fn course_iri(course: &Course) -> String {
    format!("urn:lotse:course:{}", course.id)
}

/// cmi5's moveOn: what the LMS waits for before the course counts as done.
fn move_on(course: &Course) -> &'static str {
    match (course.completion, course.passing_score) {
        (_, None) | (Completion::Visited, Some(_)) => "Completed",
        (Completion::Passed, Some(_)) => "Passed",
        (Completion::VisitedAndPassed, Some(_)) => "CompletedAndPassed",
    }
}

/// cmi5: one assignable unit, the player, with moveOn from the completion rule and the passing score
/// as `masteryScore`; titles and descriptions in every language of the course.
pub fn cmi5(package: &Package) -> String {
    let course = package.course;
    let iri = course_iri(course);
    let au = format!("{iri}:au");
    let languages: Vec<&Course> = std::iter::once(course).chain(package.translations).collect();
    let strings = |w: &mut Xml, name: &str, get: fn(&Course) -> &str| {
        w.create_element(name)
            .write_inner_content(|w| {
                for c in &languages {
                    let value = if get(c).is_empty() { c.title.as_str() } else { get(c) };
                    w.create_element("langstring")
                        .with_attribute(("lang", c.language.as_str()))
                        .write_text_content(BytesText::new(value))?;
                }
                Ok(())
            })
            .map(drop)
    };
    let mastery = course.passing_score.map(fraction);
    document(|w| {
        w.create_element("courseStructure")
            .with_attribute(("xmlns", "https://w3id.org/xapi/profiles/cmi5/v1/CourseStructure.xsd"))
            .write_inner_content(|w| {
                w.create_element("course").with_attribute(("id", iri.as_str())).write_inner_content(|w| {
                    strings(w, "title", |c| &c.title)?;
                    strings(w, "description", |c| &c.description)
                })?;
                let mut attributes = vec![("id", au.as_str()), ("moveOn", move_on(course))];
                if let Some(mastery) = &mastery {
                    attributes.push(("masteryScore", mastery.as_str()));
                }
                attributes.push(("launchMethod", "AnyWindow"));
                w.create_element("au").with_attributes(attributes).write_inner_content(|w| {
                    strings(w, "title", |c| &c.title)?;
                    strings(w, "description", |c| &c.description)?;
                    text(w, "url", LAUNCH)
                })?;
                Ok(())
            })
            .map(drop)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percentages_are_decimal_fractions() {
        let cases = [(0, "0"), (5, "0.05"), (75, "0.75"), (80, "0.8"), (100, "1")];
        for (percent, written) in cases {
            assert_eq!(fraction(percent), written);
        }
    }
}
