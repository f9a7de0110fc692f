//! Small texts the player shows, decided here so they are tested natively and the player carries
//! no float formatting.

/// A file size for a download link: "980 B", "120 KB" (rounded up), "2.4 MB" (one decimal).
pub fn file_size(bytes: u64) -> String {
    const K: u64 = 1024;
    if bytes < K {
        return format!("{bytes} B");
    }
    if bytes < K * K {
        return format!("{} KB", bytes.div_ceil(K));
    }
    let tenths = (bytes / K * 10 + K / 2) / K;
    match tenths % 10 {
        0 => format!("{} MB", tenths / 10),
        t => format!("{}.{t} MB", tenths / 10),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
