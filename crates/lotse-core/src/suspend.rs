//! [`Saved`] progress as `cmi.suspend_data`: a versioned, bit-packed encoding keyed by stable ids,
//! small enough for SCORM 1.2's 4,096 characters.
//!
//! # Characters
//! Only base64url: `A`–`Z`, `a`–`z`, `0`–`9`, `-` and `_`, the letters, digits and unreserved URL
//! characters: no quote, backslash, `<`, `>`, `&`, `%`, `+`, space or control character, so the
//! value passes any LMS's escaping (XML, JSON, SQL, form posts) unchanged, and a character is a byte.
//!
//! # Format
//! ```text
//! suspend_data = "L1" check body
//! check        = 2 characters: 12 bits folded from FNV-1a (32 bits) over the body's characters
//! body         = these bits, most significant first, 6 to a character, zero-padded:
//!   wm:6 wi:6 wc:6               key widths of modules and of interactions, each less one;
//!                                bits of each count of checks (0 to 32)
//!   time:uint                    Saved::time
//!   1 key:wm | 0                 the location, if the course has that module
//!   n:uint n*(key:wm)            the visited modules
//!   n:uint n*(key:wi tag:4 checks:wc response)    the answers, in their order
//! response, by tag
//!   0 choice                     i:uint
//!   1 choices                    m:uint (the last chosen + 1), then per chosen choice a 0 for
//!                                each choice skipped since the one before, then a 1
//!   2 text, 3 number, 8 reflection
//!                                len:uint cut:1 (reflections only), then len characters, each its index in a
//!                                table, or the table's length and then its code point as a
//!                                uint. Numbers' table (4 bits): `0123456789.,-+` and space;
//!                                texts' (5 bits): space, `etaoinsrhldcumfgpwybvkzjxq.,-`, newline
//!   4 order, 5 matches           len:uint, then len indices of bits(len - 1) bits each
//!   6 path, 7 ratings            len:uint w:5, then len indices of w + 1 bits each
//! uint = groups of 5 bits, least significant first: 1 bit "another group follows", 4 bits value
//! bits(n) = the number of bits n needs (0 for 0)
//! ```
//! `L` names Lotse, `1` the version of this encoding. [`decode`] refuses another version
//! ([`Error::Version`]), anything that is not well-formed version 1 ([`Error::Damaged`]; the check
//! catches an LMS that altered the text), and the empty value of a first launch ([`Error::Empty`]);
//! it never panics. An answer is read without the course, so a changed course never shifts what
//! follows it.
//!
//! # Keys
//! Ids are not written: a key is the low `w` bits of a 64-bit hash of the id (FNV-1a, then
//! MurmurHash3's finaliser; part of the format). Modules and interactions have a width each: the
//! smallest at which no two ids of this course share a key (`encode` compares all pairs), and at
//! least [`MODULE_WIDTH`] or [`QUESTION_WIDTH`] bits. The decoder hashes the ids of the course it
//! is given, at the widths written, and takes the first module with a key, or the first interaction
//! with that key whose kind the response [`fits`]; keys it does not find (removed since) are
//! skipped. So answers follow their ids when modules or questions are inserted, removed or
//! reordered in a republished course.
//!
//! Only in a changed course can a key meet a different id: a new question's id may share the key
//! of a removed question that was answered. The chance is at most 2^-20 (about one in a million)
//! per pair of removed-and-answered and new question. Then the response must also [`fits`] the
//! new interaction: the same kind (one of ten), a choice index in range, a permutation of the same
//! length, as many matches or ratings as it has pairs or statements and within its scale, a
//! scenario path that leads to one of its endings, a number that reads. The decoder checks this and
//! [`crate::learner::Progress::restore`] checks it again, dropping what fails. Only what passes
//! both would be shown as the learner's answer to the new question, judged as it stands, with its
//! checks. A module key that meets a new module marks it visited or opens it: harmless.
//!
//! # Size
//! Everything but free text has a size the course bounds: indices by its choices, items, pairs,
//! steps and scale; checks are a few bits each (7 for 99). The test
//! `the_largest_course_fits_scorm_12` measures `worst_case::largest_course`, 60 modules and 300 questions of every
//! kind with ten choices, items, pairs, statements or scenario steps, ids of about 60 characters,
//! all visited and all answered with 99 checks (999 for reflections and self-assessments): 2,961
//! characters with one-character texts, which leaves about 1,130 characters (some 1,350
//! lower-case letters) for the free texts; 4,001 with its texts (a 20-letter fill-in, an
//! 8-character number, a 12-letter reflection, 30 of each).
//!
//! Free text (fill-in, numeric, reflection) is unbounded. [`encode`] never writes more than `limit`
//! characters, and degrades in this order until it fits:
//! 1. reflections are cut, the longest first (all those longer than one common number of
//!    characters are cut to it; characters, not bytes, so never inside one); [`decode`] ends a
//!    cut text with `…` (U+2026), so the learner sees that it was cut;
//! 2. then fill-in and numeric answers, the longest first: a part of one cannot be judged, so a cut
//!    one is written empty, which does not [`fits`], and [`decode`] drops the answer (the learner may
//!    answer again); the reflections then share what is left;
//! 3. then whole answers, from the last; then visited modules, from the last; then the location;
//!    and with a limit too small even for that, the empty string.
//!
//! Step 2 needs fill-in and numeric texts that alone overflow what the bounded part leaves (in the
//! largest course above, over 1,130 characters of them), step 3 a course far larger. The player
//! keeps the whole [`Saved`] in a localStorage mirror too (keyed by learner and course; its job,
//! not this module's): full texts survive there, and where a decoded reflection ends with `…` and
//! the mirror's text for that answer starts with the rest, the mirror's text is the one to show.
//!
//! Answers whose id the course does not have, or that do not [`fits`] their interaction, are not
//! written: [`crate::learner::Progress::restore`] would drop them anyway. Round trips are exact
//! for everything else that fits in the limit ([`decode`] always returns [`Saved::v`] 2).
//!
//! Plain loops, no map types, no floats, no `format!`: this is compiled into the player.

use crate::learner::{fits, Answer, Response, Saved};
use crate::model::{Block, Course, Interaction};

/// The version prefix: `L` for Lotse, then the version of this encoding.
const PREFIX: &str = "L1";

/// The smallest key width of interactions, in bits: wider than a course of 300 needs to tell its
/// ids apart (about 16), so that a removed question's key rarely meets a new id in a changed
/// course (once in 2^20 per pair).
pub const QUESTION_WIDTH: u32 = 20;

/// The smallest key width of modules: a module key that meets a new module is harmless.
pub const MODULE_WIDTH: u32 = 12;

/// The characters a number writes in 4 bits; others take 4 and their code point.
const NUMBER: &[u8] = b"0123456789.,-+ ";

/// The characters a text writes in 5 bits; others take 5 and their code point.
const WORDS: &[u8] = b" etaoinsrhldcumfgpwybvkzjxq.,-\n";

/// The 64 characters, each standing for 6 bits.
const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/// Why saved progress could not be read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Error {
    /// Nothing was saved (an LMS's first launch).
    Empty,
    /// Written by a player with another version of this encoding.
    Version,
    /// Not suspend data of this encoding, or altered or cut short.
    Damaged,
}

/// The progress as suspend data of at most `limit` characters (4,096 for SCORM 1.2's
/// `cmi.suspend_data`, 64,000 for SCORM 2004's); see the module documentation for what is left
/// out when it does not fit.
pub fn encode(course: &Course, saved: &Saved, limit: usize) -> String {
    let ids = Ids::new(course);
    let (wm, wi) = (width(&ids.modules, MODULE_WIDTH), width(&ids.questions, QUESTION_WIDTH));
    let module = |id: &str| ids.modules.iter().find(|m| m.1 == id).map(|m| key(m.0, wm));
    let mut visited = Vec::new();
    for id in &saved.visited {
        if let Some(k) = module(id) {
            visited.push(k);
        }
    }
    let mut answers = Vec::new();
    let (mut longest, mut checks) = (0, 0);
    for a in &saved.answers {
        if let Some(q) = ids.questions.iter().find(|q| q.1.id == a.id) {
            if fits(&q.1.kind, &a.response) {
                answers.push((key(q.0, wi), a));
                checks = checks.max(a.checks);
                if let Response::Text(t) | Response::Number(t) | Response::Reflection(t) = &a.response {
                    longest = longest.max(length(t));
                }
            }
        }
    }
    let location = module(&saved.location);
    let parts = Parts { wm, wi, wc: bits(checks.into()), time: saved.time, location, visited, answers };
    // How much of each part is written: the longest reflection and the longest other text in
    // characters, the number of answers and of visited modules, the location or not. Each step finds
    // the most of its part that fits (sizes only grow with each), until everything fits; after
    // the judged texts are cut, the reflections (all cut to nothing by then) get what is left.
    let all = [longest, longest, parts.answers.len(), parts.visited.len(), 1];
    let mut plan = all;
    for step in [REFLECTIONS, TEXTS, REFLECTIONS, ANSWERS, VISITED, LOCATION] {
        if !fits_in(&parts, plan, limit) || step == REFLECTIONS && plan[TEXTS] < all[TEXTS] {
            plan[step] = most(all[step], &|n| {
                let mut p = plan;
                p[step] = n;
                fits_in(&parts, p, limit)
            });
        }
    }
    if !fits_in(&parts, plan, limit) {
        return String::new();
    }
    let bits = write(&parts, plan);
    let mut body = String::with_capacity(chars(bits.len()));
    for six in bits.chunks(6) {
        let mut v = 0;
        for i in 0..6 {
            v = v << 1 | six.get(i).copied().unwrap_or(0);
        }
        body.push(char::from(ALPHABET[usize::from(v)]));
    }
    let check = check(body.as_bytes());
    let mut out = String::with_capacity(body.len() + 4);
    out.push_str(PREFIX);
    out.push(char::from(ALPHABET[(check >> 6) as usize]));
    out.push(char::from(ALPHABET[(check & 63) as usize]));
    out.push_str(&body);
    out
}

/// Progress from suspend data written by [`encode`] for this course or an earlier version of
/// it: modules and answers whose keys the course no longer has are left out.
pub fn decode(course: &Course, text: &str) -> Result<Saved, Error> {
    let text = text.as_bytes();
    let mut r = Reader { bits: Writer(Vec::new()), at: 0, bad: false };
    match text {
        [] => return Err(Error::Empty),
        [b'L', v, ..] if *v != PREFIX.as_bytes()[1] => return Err(Error::Version),
        [b'L', _, rest @ ..] if rest.len() >= 2 => {
            for &c in rest {
                match sixes(c) {
                    Some(v) => r.bits.put(v.into(), 6),
                    None => r.bad = true,
                }
            }
        }
        _ => return Err(Error::Damaged),
    }
    // The reader keeps going past a problem (reading zeros) and says so at the end: one check
    // instead of an early return per field keeps this small in the player.
    r.bad |= r.read(12) != u64::from(check(&text[4..]));
    let ids = Ids::new(course);
    let (wm, wi, wc) = (r.read(6) as u32 + 1, r.read(6) as u32 + 1, r.read(6) as u32);
    r.bad |= wc > 32;
    let module = |k: u64| ids.modules.iter().find(|m| key(m.0, wm) == k).map(|m| m.1.to_string());
    let time = r.uint();
    let mut location = String::new();
    if r.read(1) == 1 {
        location = module(r.read(wm)).unwrap_or_default();
    }
    let mut visited = Vec::new();
    for _ in 0..r.uint() {
        if let Some(id) = module(r.read(wm)) {
            visited.push(id);
        }
        if r.bad {
            break;
        }
    }
    let mut answers = Vec::new();
    for _ in 0..r.uint() {
        let k = r.read(wi);
        let tag = r.read(4);
        let checks = r.read(wc) as u32;
        let response = r.response(tag);
        if r.bad {
            break;
        }
        let Some(q) = ids.questions.iter().find(|q| key(q.0, wi) == k && fits(&q.1.kind, &response)) else {
            continue;
        };
        answers.push(Answer { id: q.1.id.clone(), checks, response });
    }
    // Only the zero bits that pad the last character may remain.
    let left = r.left();
    if r.bad || left >= 6 || r.read(left as u32) != 0 {
        return Err(Error::Damaged);
    }
    Ok(Saved { v: 2, location, visited, answers, time })
}

/// The hashes of the course's module and interaction ids.
struct Ids<'c> {
    modules: Vec<(u64, &'c str)>,
    questions: Vec<(u64, &'c Interaction)>,
}

impl<'c> Ids<'c> {
    fn new(course: &'c Course) -> Self {
        let mut modules = Vec::new();
        let mut questions = Vec::new();
        for m in &course.modules {
            modules.push((hash(&m.id), m.id.as_str()));
            for block in &m.blocks {
                if let Block::Interaction(i) = block {
                    questions.push((hash(&i.id), &**i));
                }
            }
        }
        Ids { modules, questions }
    }
}

/// The smallest key width, at least `floor`, at which the hashes differ. Two equal hashes (or
/// ids) cannot be told apart at any width: then 64 bits, and the decoder takes the first.
fn width<T>(hashes: &[(u64, T)], floor: u32) -> u32 {
    let mut w = floor;
    for (i, a) in hashes.iter().enumerate() {
        for b in &hashes[..i] {
            w = w.max((a.0 ^ b.0).trailing_zeros() + 1);
        }
    }
    w.min(64)
}

/// A 64-bit hash of an id: FNV-1a, then MurmurHash3's finaliser so that the low bits mix well.
fn hash(id: &str) -> u64 {
    let mut h = 0xcbf2_9ce4_8422_2325_u64;
    for b in id.bytes() {
        h = (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
    }
    h ^= h >> 33;
    h = h.wrapping_mul(0xff51_afd7_ed55_8ccd);
    h ^= h >> 33;
    h = h.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
    h ^ h >> 33
}

/// The low `width` bits of a hash.
fn key(hash: u64, width: u32) -> u64 {
    if width >= 64 {
        hash
    } else {
        hash & ((1 << width) - 1)
    }
}

/// The low 12 bits of FNV-1a (32 bits) over the body's characters.
fn check(body: &[u8]) -> u32 {
    let mut h = 0x811c_9dc5_u32;
    for &b in body {
        h = (h ^ u32::from(b)).wrapping_mul(0x0100_0193);
    }
    (h ^ h >> 12 ^ h >> 24) & 0xfff
}

/// The 6 bits a character stands for.
fn sixes(c: u8) -> Option<u8> {
    Some(match c {
        b'A'..=b'Z' => c - b'A',
        b'a'..=b'z' => c - b'a' + 26,
        b'0'..=b'9' => c - b'0' + 52,
        b'-' => 62,
        b'_' => 63,
        _ => return None,
    })
}

/// Characters of suspend data with this many bits in its body.
fn chars(bits: usize) -> usize {
    4 + bits.div_ceil(6)
}

/// The characters in `t` (a loop: `chars().count()` costs the player half a KB).
fn length(t: &str) -> usize {
    let mut n = 0;
    for _ in t.chars() {
        n += 1;
    }
    n
}

/// Bits needed for `v` (0 for 0).
fn bits(v: u64) -> u32 {
    64 - v.leading_zeros()
}

/// The largest `n` in `0..=hi` for which `ok` holds (it holds up to some `n`, not above), or 0.
fn most(hi: usize, ok: &dyn Fn(usize) -> bool) -> usize {
    let (mut lo, mut hi) = (0, hi);
    while lo < hi {
        let mid = hi - (hi - lo) / 2;
        if ok(mid) {
            lo = mid;
        } else {
            hi = mid - 1;
        }
    }
    lo
}

/// What [`encode`] writes, keyed.
struct Parts<'a> {
    wm: u32,
    wi: u32,
    /// Bits of the largest count of checks.
    wc: u32,
    time: u64,
    location: Option<u64>,
    visited: Vec<u64>,
    answers: Vec<(u64, &'a Answer)>,
}

/// How much of [`Parts`] is written, by these indices; see [`encode`].
type Plan = [usize; 5];
const REFLECTIONS: usize = 0;
const TEXTS: usize = 1;
const ANSWERS: usize = 2;
const VISITED: usize = 3;
const LOCATION: usize = 4;

/// Whether the suspend data written by `plan` has at most `limit` characters.
fn fits_in(parts: &Parts, plan: Plan, limit: usize) -> bool {
    chars(write(parts, plan).len()) <= limit
}

/// The body as bits, one per byte (a few thousand: simpler than packing).
fn write(parts: &Parts, plan: Plan) -> Vec<u8> {
    let mut w = Writer(Vec::new());
    w.put(u64::from(parts.wm - 1), 6);
    w.put(u64::from(parts.wi - 1), 6);
    w.put(u64::from(parts.wc), 6);
    w.uint(parts.time);
    match parts.location {
        Some(k) if plan[LOCATION] == 1 => {
            w.put(1, 1);
            w.put(k, parts.wm);
        }
        _ => w.put(0, 1),
    }
    let visited = &parts.visited[..plan[VISITED]];
    w.uint(visited.len() as u64);
    for &k in visited {
        w.put(k, parts.wm);
    }
    let answers = &parts.answers[..plan[ANSWERS]];
    w.uint(answers.len() as u64);
    for &(k, a) in answers {
        w.put(k, parts.wi);
        w.put(tag(&a.response), 4);
        w.put(u64::from(a.checks), parts.wc);
        match &a.response {
            Response::Choice(i) => w.uint(*i as u64),
            Response::Choices(v) => {
                // Ascending (it fits): a 0 for each choice skipped, a 1 for each chosen.
                w.uint(v.last().map_or(0, |&i| i as u64 + 1));
                let mut next = 0;
                for &i in v {
                    w.put(1, (i + 1 - next) as u32);
                    next = i + 1;
                }
            }
            Response::Text(t) => w.text(t, plan[TEXTS], true, WORDS),
            Response::Number(t) => w.text(t, plan[TEXTS], true, NUMBER),
            Response::Reflection(t) => w.text(t, plan[REFLECTIONS], false, WORDS),
            Response::Order(v) | Response::Matches(v) => {
                w.uint(v.len() as u64);
                for &i in v {
                    w.put(i as u64, bits(v.len() as u64 - 1));
                }
            }
            Response::Path(v) | Response::Ratings(v) => {
                // Indices below the number of paths or labels, which the response does not tell.
                w.uint(v.len() as u64);
                let mut max = 0;
                for &i in v {
                    max = max.max(i);
                }
                let width = bits(max as u64).max(1);
                w.put(u64::from(width - 1), 5);
                for &i in v {
                    w.put(i as u64, width);
                }
            }
        }
    }
    while w.0.len() % 6 != 0 {
        w.0.push(0);
    }
    w.0
}

struct Writer(Vec<u8>);

impl Writer {
    /// The low `n` bits of `v`, most significant first.
    fn put(&mut self, v: u64, n: u32) {
        let mut i = n;
        while i > 0 {
            i -= 1;
            self.0.push((v >> i) as u8 & 1);
        }
    }

    /// `v` in groups of 4 bits, least significant first, each after a bit that says whether
    /// another group follows.
    fn uint(&mut self, mut v: u64) {
        loop {
            let more = v > 15;
            self.put(u64::from(more), 1);
            self.put(v & 15, 4);
            v >>= 4;
            if !more {
                return;
            }
        }
    }

    /// At most `cap` characters of `t`; a cut `judged` text is written empty (and uncut: it does
    /// not [`fits`] then, so [`decode`] drops it). Each character as
    /// its index in `table`, or the table's length and its code point.
    fn text(&mut self, t: &str, cap: usize, judged: bool, table: &[u8]) {
        let n = length(t);
        let keep = if n <= cap {
            n
        } else if judged {
            0
        } else {
            cap
        };
        self.uint(keep as u64);
        self.put(u64::from(keep < n && !judged), 1);
        let sym = bits(table.len() as u64);
        for c in t.chars().take(keep) {
            let mut i = 0;
            while i < table.len() && u32::from(table[i]) != u32::from(c) {
                i += 1;
            }
            self.put(i as u64, sym);
            if i == table.len() {
                self.uint(u64::from(c));
            }
        }
    }
}

struct Reader {
    /// The characters' 6 bits each, one per byte: the check's two, then the body's.
    bits: Writer,
    /// The next bit.
    at: usize,
    /// Something could not be read; reads return 0 from then on.
    bad: bool,
}

impl Reader {
    fn left(&self) -> usize {
        self.bits.0.len() - self.at
    }

    /// `n` (at most 64) bits, most significant first.
    fn read(&mut self, n: u32) -> u64 {
        if self.bad || n as usize > self.left() {
            self.bad = true;
            return 0;
        }
        let mut v = 0;
        for _ in 0..n {
            v = v << 1 | u64::from(self.bits.0[self.at]);
            self.at += 1;
        }
        v
    }

    fn uint(&mut self) -> u64 {
        let (mut v, mut shift) = (0u64, 0);
        loop {
            let more = self.read(1) == 1;
            let group = self.read(4);
            if shift >= 64 || (group << shift) >> shift != group {
                self.bad = true;
            }
            if self.bad {
                return 0;
            }
            v |= group << shift;
            shift += 4;
            if !more {
                return v;
            }
        }
    }

    /// A count of at most `left() / per + 1` things of `per` bits each (as `usize`).
    fn count(&mut self, n: u64, per: u32) -> usize {
        if n > (self.left() / per.max(1) as usize + 1) as u64 {
            self.bad = true;
            return 0;
        }
        n as usize
    }

    /// `len` indices of `width` (at most 32) bits.
    fn list(&mut self, len: u64, width: u32) -> Vec<usize> {
        let mut v = Vec::new();
        for _ in 0..self.count(len, width) {
            v.push(self.read(width) as usize);
        }
        v
    }

    /// A response of the kind `tag`.
    fn response(&mut self, tag: u64) -> Response {
        let len = self.uint();
        let response = match tag {
            0 => {
                self.bad |= len > u64::from(u32::MAX);
                Response::Choice(len as usize)
            }
            1 => {
                let mut v = Vec::new();
                for (i, bit) in self.list(len, 1).into_iter().enumerate() {
                    if bit == 1 {
                        v.push(i);
                    }
                }
                Response::Choices(v)
            }
            2 | 3 | 8 => {
                let cut = self.read(1) == 1;
                let table = if tag == 3 { NUMBER } else { WORDS };
                let sym = bits(table.len() as u64);
                let mut t = String::new();
                for _ in 0..self.count(len, sym) {
                    let i = self.read(sym) as usize;
                    let c = match table.get(i) {
                        Some(&b) => u64::from(b),
                        None => self.uint(),
                    };
                    match char::from_u32(c.min(0x11_0000) as u32) {
                        Some(c) => t.push(c),
                        None => self.bad = true,
                    }
                }
                // A cut reflection shows that it was cut.
                if cut {
                    t.push('…');
                }
                match tag {
                    2 => Response::Text(t),
                    3 => Response::Number(t),
                    _ => Response::Reflection(t),
                }
            }
            4..=7 => {
                // Order and matches: indices below their number; paths and ratings: their width.
                let width = if tag < 6 { bits(len.saturating_sub(1)) } else { self.read(5) as u32 + 1 };
                let v = self.list(len, width);
                match tag {
                    4 => Response::Order(v),
                    5 => Response::Matches(v),
                    6 => Response::Path(v),
                    _ => Response::Ratings(v),
                }
            }
            _ => {
                self.bad = true;
                Response::Choice(0)
            }
        };
        response
    }
}

/// The tag of a response's kind.
fn tag(response: &Response) -> u64 {
    match response {
        Response::Choice(_) => 0,
        Response::Choices(_) => 1,
        Response::Text(_) => 2,
        Response::Number(_) => 3,
        Response::Order(_) => 4,
        Response::Matches(_) => 5,
        Response::Path(_) => 6,
        Response::Ratings(_) => 7,
        Response::Reflection(_) => 8,
    }
}

/// Suspend data with a correct check around a body made up by a test (this module's tests and the
/// property tests).
#[cfg(test)]
pub(crate) fn seal(body: &str) -> String {
    let check = check(body.as_bytes());
    let mut out = String::from("L1");
    out.push(char::from(ALPHABET[(check >> 6) as usize]));
    out.push(char::from(ALPHABET[(check & 63) as usize]));
    out + body
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::learner::Progress;
    use crate::model::Kind;
    use crate::testing::{course, module};
    // The largest course and its builders, shared with lotse-bench's suspend_data figures.
    use crate::worst_case::{answer, every_kind, largest, largest_course, question};

    fn is_safe(s: &str) -> bool {
        s.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
    }

    #[test]
    fn every_response_kind_round_trips() {
        let (course, mut saved) = every_kind();
        let text = encode(&course, &saved, 4096);
        assert!(text.starts_with("L1") && is_safe(&text), "{text}");
        assert_eq!(decode(&course, &text), Ok(saved.clone()));
        // Texts of every script, empty reflections, checks of 0 and u32::MAX, no location or time.
        saved.answers[3].response = Response::Text("Ärger über Δ, Ж and 😀".into());
        saved.answers[4].response = Response::Number(" \u{2212}12,5 ".into());
        saved.answers[7].response = Response::Reflection(String::new());
        saved.answers[0].checks = u32::MAX;
        saved.answers.push(answer("q2", 0, Response::Choice(0)));
        saved.location.clear();
        saved.visited.clear();
        saved.time = 0;
        let text = encode(&course, &saved, 4096);
        assert!(is_safe(&text), "{text}");
        assert_eq!(decode(&course, &text), Ok(saved.clone()));
        let progress = Progress::restore(&course, &saved);
        assert_eq!(Progress::restore(&course, &decode(&course, &text).unwrap()), progress);
        // Texts of random characters and lengths, checks and times.
        let mut state = 0x9e37_79b9_u32;
        let mut next = move |n: u32| {
            state ^= state << 13;
            state ^= state >> 17;
            state ^= state << 5;
            state % n
        };
        let pool: Vec<char> = "aZ .,-\n09+:?äÖßЖ中😀\u{7f}\u{2212}\"<&".chars().collect();
        let numbers = ["1", " -12,5", "+3", "\u{2212}7.25 ", "123456789012.123456", "0,5"];
        for _ in 0..300 {
            let mut random = |min: u32| -> String {
                let n = min + next(60);
                (0..n).map(|_| pool[next(pool.len() as u32) as usize]).collect()
            };
            let mut fill = random(1);
            fill.insert(0, 'x');
            saved.answers[3].response = Response::Text(fill);
            saved.answers[7].response = Response::Reflection(random(0));
            saved.answers[4].response = Response::Number(numbers[next(6) as usize].into());
            saved.answers[5].checks = next(u32::MAX);
            saved.time = u64::from(next(u32::MAX)) << next(32);
            let text = encode(&course, &saved, 64_000);
            assert!(is_safe(&text));
            assert!(decode(&course, &text) == Ok(saved.clone()), "{saved:?}");
        }
    }

    #[test]
    fn a_changed_course_keeps_the_answers_that_still_fit() {
        let kind = |k| largest(k, 4).0;
        let before = course(vec![
            module("intro", vec![question("q1", kind(0)), question("q2", kind(6))]),
            module("law", vec![question("q3", kind(3)), question("q4", kind(5))]),
            module("case", vec![question("q5", kind(9))]),
        ]);
        let saved = Saved {
            v: 2,
            location: "case".into(),
            visited: vec!["intro".into(), "law".into(), "case".into()],
            answers: vec![
                answer("q5", 1, largest(9, 4).1),
                answer("q2", 2, largest(6, 4).1),
                answer("q1", 3, Response::Choice(2)),
                answer("q3", 1, largest(3, 4).1),
                answer("q4", 4, largest(5, 4).1),
            ],
            time: 61_000,
        };
        let text = encode(&before, &saved, 4096);
        assert_eq!(decode(&before, &text), Ok(saved.clone()));
        // Module `law` removed with q3, q4 moved to the front of `intro`, a question inserted
        // before q1, q2 given a fifth item (its saved order no longer fits), a module added.
        let after = course(vec![
            module("new", vec![question("q0", kind(0))]),
            module(
                "intro",
                vec![question("q4", kind(5)), question("q-new", kind(0)), question("q1", kind(0))],
            ),
            module("case", vec![question("q5", kind(9)), question("q2", largest(6, 5).0)]),
        ]);
        let back = decode(&after, &text).unwrap();
        assert_eq!(back.location, "case");
        assert_eq!(back.visited, ["intro", "case"]);
        assert_eq!(
            back.answers,
            [saved.answers[0].clone(), saved.answers[2].clone(), saved.answers[4].clone()]
        );
        assert_eq!(back.time, 61_000);
        let progress = Progress::restore(&after, &back);
        assert_eq!(progress.location, 2);
        assert_eq!(progress.visited, [false, true, true]);
        assert_eq!(progress.answers, back.answers);
    }

    /// Two ids whose keys are equal at [`QUESTION_WIDTH`] bits (found by the birthday paradox).
    fn colliding_ids() -> (String, String) {
        let mut keys: Vec<(u64, usize)> =
            (0..20_000).map(|i| (key(hash(&format!("q-{i}")), QUESTION_WIDTH), i)).collect();
        keys.sort_unstable();
        let pair = keys.windows(2).find(|w| w[0].0 == w[1].0).expect("a collision among 20,000 keys");
        (format!("q-{}", pair[0].1), format!("q-{}", pair[1].1))
    }

    #[test]
    fn keys_are_wide_enough_for_the_course_and_a_new_id_on_an_old_key_must_fit() {
        let (a, b) = colliding_ids();
        let single = || largest(0, 4).0;
        // Both in one course: the key is widened until they differ.
        let both = course(vec![module("m", vec![question(&a, single()), question(&b, single())])]);
        assert!(width(&Ids::new(&both).questions, QUESTION_WIDTH) > QUESTION_WIDTH);
        let saved = Saved {
            v: 2,
            location: "m".into(),
            visited: vec!["m".into()],
            answers: vec![answer(&a, 1, Response::Choice(1)), answer(&b, 2, Response::Choice(3))],
            time: 5,
        };
        assert_eq!(decode(&both, &encode(&both, &saved, 4096)), Ok(saved.clone()));
        // Saved with `a` alone; republished with `b` instead. The answer to `a` meets `b`'s key:
        // dropped when it does not fit `b`, taken for `b` only when it does (the residual case).
        let old = course(vec![module("m", vec![question(&a, single())])]);
        assert_eq!(width(&Ids::new(&old).questions, QUESTION_WIDTH), QUESTION_WIDTH);
        let saved = Saved { answers: vec![saved.answers[0].clone()], ..saved };
        let text = encode(&old, &saved, 4096);
        let other = course(vec![module("m", vec![question(&b, largest(6, 4).0)])]);
        assert_eq!(decode(&other, &text).unwrap().answers, []);
        let same = course(vec![module("m", vec![question(&b, single())])]);
        assert_eq!(decode(&same, &text).unwrap().answers, [answer(&b, 1, Response::Choice(1))]);
    }

    #[test]
    fn the_largest_course_fits_scorm_12() {
        let (course, saved) = largest_course();
        assert!(saved.answers.len() == 300 && saved.visited.len() == 60);
        for a in &saved.answers {
            let i = course.interactions().find(|(_, i)| i.id == a.id).unwrap().1;
            assert!(fits(&i.kind, &a.response), "{}", a.id);
        }
        let text = encode(&course, &saved, 4096);
        let ids = Ids::new(&course);
        let (wm, wi) = (width(&ids.modules, MODULE_WIDTH), width(&ids.questions, QUESTION_WIDTH));
        eprintln!(
            "largest course: {} characters of 4,096 (keys of {wm} bits for modules, {wi} for questions)",
            text.len()
        );
        assert!(text.len() <= 4096 && is_safe(&text));
        assert!(decode(&course, &text) == Ok(saved.clone()), "decodes to what was saved");
        // The part without free text, whose size the course bounds.
        let mut bounded = saved.clone();
        for a in &mut bounded.answers {
            match &mut a.response {
                Response::Reflection(t) => t.clear(),
                Response::Text(t) | Response::Number(t) => *t = "1".into(),
                _ => {}
            }
        }
        let bounded = encode(&course, &bounded, 4096).len();
        eprintln!("largest course with one-character texts: {bounded} characters");
        assert!(bounded < 3000);
    }

    fn reflections_course(lengths: &[usize]) -> (Course, Saved) {
        let mut blocks = Vec::new();
        let mut answers = Vec::new();
        for (i, &n) in lengths.iter().enumerate() {
            let id = format!("r{i}");
            blocks.push(question(&id, Kind::Reflection { report: false }));
            // Two-byte and four-byte characters, so that cuts meet their middles.
            let t: String = "aä😀".chars().cycle().take(n).collect();
            answers.push(answer(&id, 1, Response::Reflection(t)));
        }
        for (k, id) in [(3, "fill"), (4, "number")] {
            let (kind, response) = largest(k, 4);
            blocks.push(question(id, kind));
            answers.push(answer(id, 2, response));
        }
        let saved = Saved { v: 2, location: "m".into(), visited: vec!["m".into()], answers, time: 0 };
        (course(vec![module("m", blocks)]), saved)
    }

    #[test]
    fn free_texts_over_the_limit_are_cut_longest_first_and_marked() {
        let (course, saved) = reflections_course(&[10, 2000, 40, 700, 3000, 5]);
        let text = encode(&course, &saved, 1000);
        assert!(text.len() <= 1000 && text.len() > 990, "{}", text.len());
        let back = decode(&course, &text).unwrap();
        assert_eq!(back.answers.len(), saved.answers.len());
        let mut cut_at = Vec::new();
        for (a, b) in saved.answers.iter().zip(&back.answers) {
            assert_eq!((&a.id, a.checks), (&b.id, b.checks));
            let (Response::Reflection(full), Response::Reflection(read)) = (&a.response, &b.response) else {
                assert_eq!(a, b, "fill-in and numeric answers are kept whole");
                continue;
            };
            match read.strip_suffix('…') {
                Some(part) => {
                    assert!(full.starts_with(part) && part.len() < full.len());
                    cut_at.push(part.len());
                }
                None => assert_eq!(read, full),
            }
        }
        // The three longest are cut, to one length but for the characters a cut may not split.
        assert_eq!(cut_at.len(), 3, "{cut_at:?}");
        let (min, max) = (cut_at.iter().min().unwrap(), cut_at.iter().max().unwrap());
        assert!(max - min < 4 && *min > 40, "{cut_at:?}");
        // A fill-in answer pasted far beyond the limit is dropped, not cut; the reflections
        // share what it leaves.
        let mut pasted = saved.clone();
        pasted.answers[6].response = Response::Text("x".repeat(5000));
        let back = decode(&course, &encode(&course, &pasted, 1000)).unwrap();
        assert_eq!(back.answers.len(), saved.answers.len() - 1);
        assert!(back.answers.iter().all(|a| a.id != "fill"));
        assert!(back.answers.contains(&saved.answers[0]) && back.answers.contains(&saved.answers[7]));
    }

    #[test]
    fn encode_never_exceeds_the_limit() {
        let (course, saved) = every_kind();
        let full = encode(&course, &saved, usize::MAX);
        for limit in 0..full.len() + 2 {
            let text = encode(&course, &saved, limit);
            assert!(text.len() <= limit, "{limit}");
            match decode(&course, &text) {
                Ok(back) => assert!(back.answers.len() <= saved.answers.len()),
                Err(e) => assert!(text.is_empty() && e == Error::Empty, "{limit}: {e:?}"),
            }
        }
        assert_eq!(encode(&course, &saved, full.len()), full);
        let (course, saved) = largest_course();
        let text = encode(&course, &saved, 1000);
        assert!(text.len() <= 1000);
        let back = decode(&course, &text).unwrap();
        assert!(!back.answers.is_empty() && back.answers.len() < 300);
        let mut rest = saved.answers.iter();
        for a in &back.answers {
            assert!(rest.any(|b| b.id == a.id), "answers are kept in their order");
        }
    }

    #[test]
    fn damaged_foreign_and_other_versions_are_errors_never_panics() {
        let (course, saved) = every_kind();
        let text = encode(&course, &saved, 4096);
        assert_eq!(decode(&course, ""), Err(Error::Empty));
        assert_eq!(decode(&course, "L2AAAA"), Err(Error::Version));
        assert_eq!(decode(&course, &text.replacen("L1", "L9", 1)), Err(Error::Version));
        for other in ["L", "L1", "L1A", "{\"v\":2,\"location\":\"m1\"}", "L1AA\"", "L1ü", "M1AAAA"] {
            assert_eq!(decode(&course, other), Err(Error::Damaged), "{other}");
        }
        // Every prefix, whether or not its check is made right again.
        for n in 1..text.len() {
            assert!(decode(&course, &text[..n]).is_err(), "{n}");
            assert!(decode(&course, &seal(&text[4.min(n)..n])).is_err(), "{n}");
        }
        // One character changed: the check catches it; with the check made right, the reader
        // may read something else but never panics.
        let mut state = 0x2545_f491_u32;
        let mut next = move || {
            state ^= state << 13;
            state ^= state >> 17;
            state ^= state << 5;
            state
        };
        let body = text.as_bytes()[4..].to_vec();
        for _ in 0..2000 {
            let mut changed = body.clone();
            let at = next() as usize % changed.len();
            changed[at] = ALPHABET[next() as usize % 64];
            let changed = String::from_utf8(changed).unwrap();
            if changed.as_bytes() != body {
                let mut unsealed = text[..4].to_string();
                unsealed.push_str(&changed);
                let _ = decode(&course, &unsealed);
            }
            let _ = decode(&course, &seal(&changed));
        }
        // Random bytes, and random characters of the alphabet behind a valid prefix and check.
        for _ in 0..2000 {
            let len = next() as usize % 300;
            let bytes: Vec<u8> = (0..len).map(|_| next() as u8).collect();
            assert!(decode(&course, &String::from_utf8_lossy(&bytes)).is_err());
            let body: String = (0..len).map(|_| char::from(ALPHABET[next() as usize % 64])).collect();
            if let Ok(back) = decode(&course, &seal(&body)) {
                assert!(back.answers.len() <= 10);
            }
        }
        // Another course: nothing of this one is found there, and nothing breaks.
        let (largest, _) = largest_course();
        let back = decode(&largest, &text).unwrap();
        assert!(back.location.is_empty() && back.visited.is_empty() && back.answers.is_empty());
        assert_eq!(back.time, u64::MAX);
    }
}
