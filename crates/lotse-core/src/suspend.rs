//! [`Saved`] progress as `cmi.suspend_data`: a versioned, bit-packed encoding keyed by stable ids,
//! small enough for SCORM 1.2's 4,096 characters.
//!
//! # Characters
//! Only base64url: `A`–`Z`, `a`–`z`, `0`–`9`, `-` and `_`. They are the letters, digits and
//! unreserved URL characters: no quote, backslash, `<`, `>`, `&`, `%`, `+`, space or control
//! character, so the value survives any LMS's escaping (XML, JSON, SQL, form posts) unchanged, and
//! one character is one byte.
//!
//! # Format
//! ```text
//! suspend_data = "L1" check body
//! check        = 2 characters: the low 12 bits of FNV-1a (32 bits) over the body's characters
//! body         = the bits below, most significant bit first, 6 to a character, zero-padded
//!   wm:6 wi:6                     module and interaction key widths, each less one
//!   time:uint                     Saved::time
//!   1 [key:wm] | 0                the location, if the course has that module
//!   n:uint n*(key:wm)             the visited modules
//!   n:uint n*(key:wi tag:4 checks:uint response)     the answers, in their order
//! response, by tag
//!   0 choice                      uint
//!   1 choices                     m:uint, then m bits: bit i is set when choice i is chosen
//!   2 text, 3 number, 8 reflection   len:uint cut:1, then len bytes of UTF-8, 8 bits each
//!   4 order, 5 matches            len:uint, then len indices of bits(len - 1) bits each
//!   6 path, 7 ratings             len:uint w:5, then len indices of w + 1 bits each
//! uint = groups of 4 bits, least significant first: 1 bit "another group follows", 3 bits value
//! ```
//! `L` names Lotse, `1` the version of this encoding. [`decode`] refuses another version
//! ([`Error::Version`]), anything else that is not a well-formed version 1 value
//! ([`Error::Damaged`]; the check catches an LMS that altered the text), and the empty value an LMS
//! returns on the first launch ([`Error::Empty`]); it never panics. An answer is self-delimiting: it
//! is read without the course, so a changed course never shifts what follows it.
//!
//! # Keys
//! Ids are not written: a key is the low `w` bits of a 64-bit hash of the id (FNV-1a, then
//! MurmurHash3's finaliser; part of the format, never to change within version 1). Modules and
//! interactions have a width each, the smallest at which no two ids of the course share a key, but
//! at least [`MIN_WIDTH`] bits. The decoder hashes the ids of the course it is given and takes
//! the first module, or the first interaction whose kind the response [`fits`], with that key;
//! keys it does not find (questions removed since) are skipped. So answers follow their ids
//! when a course is republished with questions or modules inserted, removed or reordered.
//!
//! In a changed course, a new id may share the key of a removed one that was answered (two ids of
//! the saving course never do). The chance is 2^-w per such pair, under one in a million at
//! [`MIN_WIDTH`]; then the answer must also [`fits`] the new interaction (the same kind, indices in
//! range, permutations of the same length, a scenario path that ends at an ending, a number that
//! reads), which the decoder checks and [`crate::learner::Progress::restore`] checks again. What
//! passes both would show an answer on the new question: a wrong one at worst, which the learner
//! may check again if attempts are left. A module key that collides marks a new module visited or
//! opens it: harmless.
//!
//! # Size
//! Everything but free text has a size bounded by the course: indices by its choices, items, pairs,
//! steps and scale, checks by `attempts` (written as the count, a few bits). For a course of 60
//! modules and 300 questions at their largest, every module visited and every question answered
//! with 99 checks, this is under 3,500 characters (see the test `the_largest_course_fits_scorm_12`).
//!
//! Free text (fill-in, numeric, reflection) is unbounded. [`encode`] never writes more than `limit`
//! characters, and degrades in this order until it fits:
//! 1. reflections are cut, the longest first (all cut to one common length in bytes, never inside a
//!    UTF-8 character); the decoded text ends with `…` (U+2026), so the learner sees it was cut;
//! 2. then fill-in and numeric answers, the longest first: one of them cannot be judged from part of
//!    its text, so it is written empty with its `cut` bit, and [`decode`] drops the whole answer
//!    (the learner may answer it again);
//! 3. then whole answers, from the last; then visited modules, from the last; then the location;
//!    with a limit too small even for that, the empty string.
//!
//! Steps 2 and 3 happen only when texts are pasted in by the page or for a course far beyond
//! 300 questions. The player keeps the whole [`Saved`] in a localStorage mirror as well (keyed by
//! learner and course): that is where full texts survive, and a decoded text that ends with `…`
//! is a prefix of the mirror's text when both come from the same learner.
//!
//! Answers whose id the course does not have, or that do not [`fits`] their interaction, are not
//! written: [`crate::learner::Progress::restore`] would drop them anyway. Round trips are exact
//! for everything else that fits in the limit; [`decode`] always returns [`Saved::v`] 2.
//!
//! Plain loops, no map types, no float or `format!`: this is compiled into the player.

use crate::learner::{fits, Answer, Response, Saved};
use crate::model::{Block, Course, Interaction, Kind};

/// The version prefix: `L` for Lotse, then the version of this encoding.
const PREFIX: &[u8; 2] = b"L1";

/// The smallest key width in bits. Wider than needed to tell a course's ids apart, so that a key
/// rarely meets a new id in a changed course (one in 2^20 per pair).
pub const MIN_WIDTH: u32 = 20;

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
    let module = |id: &str| ids.modules.iter().find(|m| m.1 == id).map(|m| key(m.0, ids.wm));
    let mut visited = Vec::new();
    for id in &saved.visited {
        if let Some(k) = module(id) {
            visited.push(k);
        }
    }
    let mut answers = Vec::new();
    let mut longest = 0;
    for a in &saved.answers {
        if let Some(q) = ids.questions.iter().find(|q| q.1.id == a.id) {
            if fits(&q.1.kind, &a.response) {
                answers.push((key(q.0, ids.wi), a));
                if let Response::Text(t) | Response::Number(t) | Response::Reflection(t) = &a.response {
                    longest = longest.max(t.len());
                }
            }
        }
    }
    let parts = Parts { wm: ids.wm, wi: ids.wi, time: saved.time, location: module(&saved.location), visited, answers };
    let ok = |plan: Plan| chars(write(&parts, plan).len()) <= limit;
    let mut plan = Plan {
        reflections: longest,
        texts: longest,
        answers: parts.answers.len(),
        visited: parts.visited.len(),
        location: true,
    };
    if !ok(plan) {
        plan.reflections = most(longest, &|n| ok(Plan { reflections: n, ..plan }));
    }
    if !ok(plan) {
        plan.texts = most(longest, &|n| ok(Plan { texts: n, ..plan }));
    }
    if !ok(plan) {
        plan.answers = most(plan.answers, &|n| ok(Plan { answers: n, ..plan }));
    }
    if !ok(plan) {
        plan.visited = most(plan.visited, &|n| ok(Plan { visited: n, ..plan }));
    }
    plan.location &= ok(plan);
    if !ok(plan) {
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
    out.push('L');
    out.push('1');
    out.push(char::from(ALPHABET[(check >> 6) as usize]));
    out.push(char::from(ALPHABET[(check & 63) as usize]));
    out.push_str(&body);
    out
}

/// Progress from suspend data written by [`encode`] for this course or an earlier version of
/// it: modules and answers whose keys the course no longer has are left out.
pub fn decode(course: &Course, text: &str) -> Result<Saved, Error> {
    let text = text.as_bytes();
    match text {
        [] => return Err(Error::Empty),
        [b'L', v, ..] if *v != PREFIX[1] => return Err(Error::Version),
        [b'L', _, c1, c2, ..] => {
            let (c1, c2) = (sixes(*c1)?, sixes(*c2)?);
            if u32::from(c1) << 6 | u32::from(c2) != check(&text[4..]) {
                return Err(Error::Damaged);
            }
        }
        _ => return Err(Error::Damaged),
    }
    let mut syms = Vec::with_capacity(text.len() - 4);
    for &c in &text[4..] {
        syms.push(sixes(c)?);
    }
    let mut r = Reader { syms, at: 0 };
    let ids = Ids::new(course);
    let (wm, wi) = (r.read(6)? as u32 + 1, r.read(6)? as u32 + 1);
    let module = |k: u64| ids.modules.iter().find(|m| key(m.0, wm) == k).map(|m| m.1.to_string());
    let time = r.uint()?;
    let mut location = String::new();
    if r.read(1)? == 1 {
        location = module(r.read(wm)?).unwrap_or_default();
    }
    let mut visited = Vec::new();
    for _ in 0..r.uint()? {
        if let Some(id) = module(r.read(wm)?) {
            visited.push(id);
        }
    }
    let mut answers = Vec::new();
    for _ in 0..r.uint()? {
        let k = r.read(wi)?;
        let tag = r.read(4)?;
        let checks = u32::try_from(r.uint()?).map_err(|_| Error::Damaged)?;
        let (response, cut) = r.response(tag)?;
        let Some(q) = ids.questions.iter().find(|q| key(q.0, wi) == k && fits(&q.1.kind, &response)) else {
            continue;
        };
        let response = match response {
            // A cut reflection shows that it was cut; a cut fill-in or number cannot be judged.
            Response::Reflection(mut t) if cut => {
                t.push('…');
                Response::Reflection(t)
            }
            _ if cut => continue,
            response => response,
        };
        answers.push(Answer { id: q.1.id.clone(), checks, response });
    }
    // Only the zero bits that pad the last character may remain.
    if r.syms.len() * 6 - r.at >= 6 || r.read((r.syms.len() * 6 - r.at) as u32)? != 0 {
        return Err(Error::Damaged);
    }
    Ok(Saved { v: 2, location, visited, answers, time })
}

/// The course's ids with their hashes, and the key width of each kind.
struct Ids<'c> {
    modules: Vec<(u64, &'c str)>,
    questions: Vec<(u64, &'c Interaction)>,
    wm: u32,
    wi: u32,
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
        let mut wm = MIN_WIDTH;
        for (i, a) in modules.iter().enumerate() {
            for b in &modules[..i] {
                wm = wm.max((a.0 ^ b.0).trailing_zeros() + 1);
            }
        }
        let mut wi = MIN_WIDTH;
        for (i, a) in questions.iter().enumerate() {
            for b in &questions[..i] {
                wi = wi.max((a.0 ^ b.0).trailing_zeros() + 1);
            }
        }
        // Two equal hashes (or ids) cannot be told apart at any width: 64 bits, the first wins.
        Ids { modules, questions, wm: wm.min(64), wi: wi.min(64) }
    }
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
fn sixes(c: u8) -> Result<u8, Error> {
    Ok(match c {
        b'A'..=b'Z' => c - b'A',
        b'a'..=b'z' => c - b'a' + 26,
        b'0'..=b'9' => c - b'0' + 52,
        b'-' => 62,
        b'_' => 63,
        _ => return Err(Error::Damaged),
    })
}

/// Characters of suspend data with this many bits in its body.
fn chars(bits: usize) -> usize {
    4 + bits.div_ceil(6)
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
    time: u64,
    location: Option<u64>,
    visited: Vec<u64>,
    answers: Vec<(u64, &'a Answer)>,
}

/// How much of [`Parts`] is written: the longest reflection and other text in bytes, the
/// number of answers and visited modules, whether the location.
#[derive(Clone, Copy)]
struct Plan {
    reflections: usize,
    texts: usize,
    answers: usize,
    visited: usize,
    location: bool,
}

/// The body as bits, one per byte (a few thousand: simpler than packing).
fn write(parts: &Parts, plan: Plan) -> Vec<u8> {
    let mut w = Writer(Vec::new());
    w.put(u64::from(parts.wm - 1), 6);
    w.put(u64::from(parts.wi - 1), 6);
    w.uint(parts.time);
    match parts.location {
        Some(k) if plan.location => {
            w.put(1, 1);
            w.put(k, parts.wm);
        }
        _ => w.put(0, 1),
    }
    let visited = &parts.visited[..plan.visited];
    w.uint(visited.len() as u64);
    for &k in visited {
        w.put(k, parts.wm);
    }
    let answers = &parts.answers[..plan.answers];
    w.uint(answers.len() as u64);
    for &(k, a) in answers {
        w.put(k, parts.wi);
        let (tag, list): (u64, &[usize]) = match &a.response {
            Response::Choice(_) => (0, &[]),
            Response::Choices(_) => (1, &[]),
            Response::Text(_) => (2, &[]),
            Response::Number(_) => (3, &[]),
            Response::Order(v) => (4, v),
            Response::Matches(v) => (5, v),
            Response::Path(v) => (6, v),
            Response::Ratings(v) => (7, v),
            Response::Reflection(_) => (8, &[]),
        };
        w.put(tag, 4);
        w.uint(u64::from(a.checks));
        match &a.response {
            Response::Choice(i) => w.uint(*i as u64),
            Response::Choices(v) => {
                let m = v.last().map_or(0, |&i| i + 1);
                w.uint(m as u64);
                for i in 0..m {
                    w.put(u64::from(v.contains(&i)), 1);
                }
            }
            Response::Text(t) | Response::Number(t) => w.text(t, plan.texts, true),
            Response::Reflection(t) => w.text(t, plan.reflections.min(plan.texts), false),
            _ => {
                w.uint(list.len() as u64);
                let mut width = bits(list.len().saturating_sub(1) as u64);
                if tag >= 6 {
                    // Path and ratings: indices below the number of paths or labels, not `len`.
                    let mut max = 0;
                    for &i in list {
                        max = max.max(i);
                    }
                    width = bits(max as u64).max(1);
                    w.put(u64::from(width - 1), 5);
                }
                for &i in list {
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

    /// `v` in groups of 3 bits, least significant first, each after a bit that says whether
    /// another group follows.
    fn uint(&mut self, mut v: u64) {
        loop {
            let more = v > 7;
            self.put(u64::from(more), 1);
            self.put(v & 7, 3);
            v >>= 3;
            if !more {
                return;
            }
        }
    }

    /// At most `cap` bytes of `t`, never part of a character; a cut `judged` text is written empty.
    fn text(&mut self, t: &str, cap: usize, judged: bool) {
        let mut n = cap.min(t.len());
        while !t.is_char_boundary(n) {
            n -= 1;
        }
        let cut = n < t.len();
        if cut && judged {
            n = 0;
        }
        self.uint(n as u64);
        self.put(u64::from(cut), 1);
        for &b in &t.as_bytes()[..n] {
            self.put(u64::from(b), 8);
        }
    }
}

struct Reader {
    syms: Vec<u8>,
    /// The next bit.
    at: usize,
}

impl Reader {
    fn left(&self) -> usize {
        self.syms.len() * 6 - self.at
    }

    /// `n` (at most 64) bits, most significant first.
    fn read(&mut self, n: u32) -> Result<u64, Error> {
        if n as usize > self.left() {
            return Err(Error::Damaged);
        }
        let mut v = 0;
        for _ in 0..n {
            let bit = self.syms[self.at / 6] >> (5 - self.at % 6) & 1;
            v = v << 1 | u64::from(bit);
            self.at += 1;
        }
        Ok(v)
    }

    fn uint(&mut self) -> Result<u64, Error> {
        let (mut v, mut shift) = (0u64, 0);
        loop {
            let more = self.read(1)? == 1;
            let group = self.read(3)?;
            if shift >= 64 || (group << shift) >> shift != group {
                return Err(Error::Damaged);
            }
            v |= group << shift;
            shift += 3;
            if !more {
                return Ok(v);
            }
        }
    }

    fn index(&mut self, width: u32) -> Result<usize, Error> {
        usize::try_from(self.read(width)?).map_err(|_| Error::Damaged)
    }

    /// `len` indices of `width` bits, if there are that many bits left.
    fn list(&mut self, len: u64, width: u32) -> Result<Vec<usize>, Error> {
        if len > (self.left() / width.max(1) as usize) as u64 {
            return Err(Error::Damaged);
        }
        let mut v = Vec::new();
        for _ in 0..len {
            v.push(self.index(width)?);
        }
        Ok(v)
    }

    /// A response of the kind `tag`, and whether its text was cut.
    fn response(&mut self, tag: u64) -> Result<(Response, bool), Error> {
        let len = self.uint()?;
        Ok((
            match tag {
                0 => Response::Choice(usize::try_from(len).map_err(|_| Error::Damaged)?),
                1 => {
                    let mask = self.list(len, 1)?;
                    let mut v = Vec::new();
                    for (i, bit) in mask.into_iter().enumerate() {
                        if bit == 1 {
                            v.push(i);
                        }
                    }
                    Response::Choices(v)
                }
                2 | 3 | 8 => {
                    let cut = self.read(1)? == 1;
                    let mut bytes = Vec::new();
                    for b in self.list(len, 8)? {
                        bytes.push(b as u8);
                    }
                    let t = String::from_utf8(bytes).map_err(|_| Error::Damaged)?;
                    let response = match tag {
                        2 => Response::Text(t),
                        3 => Response::Number(t),
                        _ => Response::Reflection(t),
                    };
                    return Ok((response, cut));
                }
                4 | 5 => {
                    let v = self.list(len, bits(len.saturating_sub(1)))?;
                    if tag == 4 {
                        Response::Order(v)
                    } else {
                        Response::Matches(v)
                    }
                }
                6 | 7 => {
                    let width = self.read(5)? as u32 + 1;
                    let v = self.list(len, width)?;
                    if tag == 6 {
                        Response::Path(v)
                    } else {
                        Response::Ratings(v)
                    }
                }
                _ => return Err(Error::Damaged),
            },
            false,
        ))
    }
}

#[allow(dead_code)]
fn _kind_is_used(_: &Kind) {}

#[cfg(test)]
mod tests;
