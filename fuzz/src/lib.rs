//! What the fuzz targets and the seed writer (`examples/seeds.rs`) share: the byte form of a
//! course folder that the `compile` target reads, the course the `suspend_decode` target decodes
//! against, and the check that suspend data must carry.

use lotse_core::compile::Files;

/// Ends each path and each file's contents in the `compile` target's input.
pub const END: u8 = 0;

/// A course folder from fuzz input: a path, `NUL`, that file's contents, `NUL`, the next path…
/// (the last piece may end with the input; a path without contents is an empty file). Paths are
/// read as UTF-8, lossily; a path given twice keeps its last contents.
pub fn files(data: &[u8]) -> Files {
    let mut files = Files::new();
    let mut pieces = data.split(|&b| b == END);
    while let Some(path) = pieces.next() {
        let contents = pieces.next().unwrap_or_default();
        files.insert(String::from_utf8_lossy(path).into_owned(), contents.to_vec());
    }
    files
}

/// The inverse of [`files`] for a course folder read from disk: `course.toml` first (so that an
/// input cut short by libFuzzer's length limit still has it), then the other files in path order.
/// Contents holding a `NUL` (pictures, videos, PDFs) become `binary`: the compiler reads only their
/// size.
pub fn bytes(files: &Files) -> Vec<u8> {
    let mut out = Vec::new();
    let toml = files.iter().filter(|(p, _)| *p == "course.toml");
    for (path, contents) in toml.chain(files.iter().filter(|(p, _)| *p != "course.toml")) {
        out.extend_from_slice(path.as_bytes());
        out.push(END);
        out.extend_from_slice(if contents.contains(&END) { b"binary" } else { contents });
        out.push(END);
    }
    out
}

/// `text` with its check made right, when it has suspend data's prefix `L1` and room for the two
/// check characters: so the fuzzer reaches the body's reader instead of stopping at the check.
/// The check as `lotse_core::suspend` computes it (FNV-1a over the body, folded to 12 bits), which
/// keeps it private.
pub fn sealed(text: &str) -> Option<String> {
    let body = text.strip_prefix("L1")?.get(2..)?;
    let mut h = 0x811c_9dc5_u32;
    for &b in body.as_bytes() {
        h = (h ^ u32::from(b)).wrapping_mul(0x0100_0193);
    }
    let check = (h ^ h >> 12 ^ h >> 24) & 0xfff;
    let sixes = |v: u32| char::from(ALPHABET[v as usize]);
    Some(format!("L1{}{}{body}", sixes(check >> 6), sixes(check & 63)))
}

/// The characters of suspend data, each standing for 6 bits.
pub const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
