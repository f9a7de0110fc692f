//! Small texts the player shows, decided here so they are tested natively and the player carries
//! no float formatting.

/// A whole number in decimal: one copy of the integer formatting for every integer type in the
/// player. Digits by hand, as nothing in the player uses `format!`: Rust's formatting code (about
/// 1 KB gzip) stays out of its wasm.
#[inline(never)]
pub fn number(mut n: u64) -> String {
    let mut digits = [0u8; 20];
    let mut at = digits.len();
    loop {
        at -= 1;
        digits[at] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    digits[at..].iter().map(|&d| char::from(d)).collect()
}

/// A file size for a download link: "980 B", "120 KB" (rounded up), "2.4 MB" (one decimal).
pub fn file_size(bytes: u64) -> String {
    const K: u64 = 1024;
    if bytes < K {
        return number(bytes) + " B";
    }
    if bytes < K * K {
        return number(bytes.div_ceil(K)) + " KB";
    }
    let tenths = (bytes / K * 10 + K / 2) / K;
    match tenths % 10 {
        0 => number(tenths / 10) + " MB",
        t => [&number(tenths / 10), ".", &number(t), " MB"].concat(),
    }
}

/// Time spent, for a certificate: "45 min", "1 h 5 min", rounded up to whole minutes, at least
/// one minute. The same in English and German.
pub fn duration(millis: u64) -> String {
    let minutes = millis.div_ceil(60_000).max(1);
    match (minutes / 60, minutes % 60) {
        (0, m) => number(m) + " min",
        (h, 0) => number(h) + " h",
        (h, m) => [&number(h), " h ", &number(m), " min"].concat(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_round_up_to_minutes() {
        assert_eq!(duration(0), "1 min");
        assert_eq!(duration(1), "1 min");
        assert_eq!(duration(60_000), "1 min");
        assert_eq!(duration(60_001), "2 min");
        assert_eq!(duration(45 * 60_000), "45 min");
        assert_eq!(duration(60 * 60_000), "1 h");
        assert_eq!(duration(65 * 60_000), "1 h 5 min");
        assert_eq!(duration(u64::MAX), "5124095576030 h 26 min");
    }

    #[test]
    fn file_sizes_read_like_a_file_manager() {
        assert_eq!(file_size(0), "0 B");
        assert_eq!(file_size(1023), "1023 B");
        assert_eq!(file_size(1024), "1 KB");
        assert_eq!(file_size(122_000), "120 KB");
        assert_eq!(file_size(1024 * 1024 - 1), "1024 KB");
        assert_eq!(file_size(1024 * 1024), "1 MB");
        assert_eq!(file_size(2_516_582), "2.4 MB");
        assert_eq!(file_size(u64::MAX), "17592186044416 MB");
    }
}
