//! Reading files an attacker or a broken export may have shaped: only regular files, never
//! more than a cap, and text decoded the way Windows tools write it.

use std::fs::File;
use std::io::Read;
use std::path::Path;

/// Largest option file, deployment export or `tlskit.toml` we read. Real Genesys exports of
/// thousands of applications stay well below this; anything larger is not configuration.
pub(crate) const MAX_CONFIG_BYTES: u64 = 64 * 1024 * 1024;

/// Why a file could not be read. Each variant renders as a short phrase that completes
/// "cannot read FILE: …".
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum ReadError {
    NotFound,
    NotRegular(&'static str),
    TooLarge { size: u64, cap: u64 },
    Io(String),
}

impl std::fmt::Display for ReadError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ReadError::NotFound => write!(f, "no such file"),
            ReadError::NotRegular(kind) => write!(f, "not a regular file ({kind})"),
            ReadError::TooLarge { size, cap } => write!(
                f,
                "file is too large ({} bytes; the limit is {} bytes)",
                size, cap
            ),
            ReadError::Io(e) => write!(f, "{e}"),
        }
    }
}

fn kind_of(meta: &std::fs::Metadata) -> &'static str {
    use std::os::unix::fs::FileTypeExt;
    let t = meta.file_type();
    if t.is_dir() {
        "a directory"
    } else if t.is_char_device() {
        "a character device"
    } else if t.is_block_device() {
        "a block device"
    } else if t.is_fifo() {
        "a named pipe"
    } else if t.is_socket() {
        "a socket"
    } else {
        "not a regular file"
    }
}

/// Opens `path` for reading without letting what it is decide for us: `O_NONBLOCK` so that
/// opening a FIFO with no writer (or a device that waits) returns at once, `O_NOCTTY` so
/// that a terminal never becomes ours. The type is then judged on the opened descriptor
/// (`fstat`), never on the path: a path checked first and opened second can be swapped for
/// a FIFO in between. Anything but a regular file is refused before a byte is read.
/// (Regular files ignore `O_NONBLOCK`; `read_opened` clears it if one says otherwise.)
pub(crate) fn open_regular(path: &Path) -> Result<(File, std::fs::Metadata), ReadError> {
    open_with(path, 0)
}

/// `open_regular`, and whether the path's last component is a symbolic link: known from
/// the open itself (`O_NOFOLLOW` refuses a link with `ELOOP`, and the link is then opened
/// as `open_regular` would), where asking first would cost a system call per file.
pub(crate) fn open_regular_noting_link(
    path: &Path,
) -> Result<(File, std::fs::Metadata, bool), ReadError> {
    match open_with(path, libc::O_NOFOLLOW) {
        Err(ReadError::Io(_)) if is_link(path) => {
            open_regular(path).map(|(file, meta)| (file, meta, true))
        }
        r => r.map(|(file, meta)| (file, meta, false)),
    }
}

fn is_link(path: &Path) -> bool {
    std::fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink())
}

fn open_with(path: &Path, flags: i32) -> Result<(File, std::fs::Metadata), ReadError> {
    use std::os::unix::fs::OpenOptionsExt;
    let file = std::fs::OpenOptions::new()
        .read(true)
        .custom_flags(libc::O_NONBLOCK | libc::O_NOCTTY | flags)
        .open(path)
        .map_err(|e| match e.kind() {
            std::io::ErrorKind::NotFound => ReadError::NotFound,
            _ => ReadError::Io(io_phrase(&e)),
        })?;
    let meta = file.metadata().map_err(|e| ReadError::Io(io_phrase(&e)))?;
    if !meta.is_file() {
        return Err(ReadError::NotRegular(kind_of(&meta)));
    }
    Ok((file, meta))
}

/// Clears `O_NONBLOCK` on `file`, so that its reads block as usual.
fn blocking(file: &File) {
    use std::os::fd::AsRawFd;
    // SAFETY: fcntl on a descriptor owned by `file`, which outlives both calls.
    unsafe {
        let fd = file.as_raw_fd();
        let flags = libc::fcntl(fd, libc::F_GETFL);
        if flags >= 0 {
            libc::fcntl(fd, libc::F_SETFL, flags & !libc::O_NONBLOCK);
        }
    }
}

/// Reads a whole regular file of at most `cap` bytes. Devices, pipes and directories are
/// refused before anything is read (see `open_regular`), so `/dev/zero` or a FIFO, even one
/// swapped in for a file while we look, cannot hang us.
pub(crate) fn read_capped(path: &Path, cap: u64) -> Result<Vec<u8>, ReadError> {
    let (file, meta) = open_regular(path)?;
    read_opened(file, &meta, cap)
}

/// The rest of a file `open_regular` opened, at most `cap` bytes.
pub(crate) fn read_opened(
    file: File,
    meta: &std::fs::Metadata,
    cap: u64,
) -> Result<Vec<u8>, ReadError> {
    if meta.len() > cap {
        return Err(ReadError::TooLarge {
            size: meta.len(),
            cap,
        });
    }
    let mut buf = Vec::with_capacity(meta.len() as usize);
    // The file may grow between fstat and read; never take more than the cap.
    let mut rest = (&file).take(cap + 1);
    let mut cleared = false;
    loop {
        match rest.read_to_end(&mut buf) {
            Ok(_) => break,
            // A regular file that heeds O_NONBLOCK after all (some network or FUSE file
            // systems): blocking from here on, and the read goes on where it stopped.
            Err(e) if e.kind() == std::io::ErrorKind::WouldBlock && !cleared => {
                blocking(&file);
                cleared = true;
            }
            Err(e) => return Err(ReadError::Io(io_phrase(&e))),
        }
    }
    if buf.len() as u64 > cap {
        return Err(ReadError::TooLarge {
            size: buf.len() as u64,
            cap,
        });
    }
    Ok(buf)
}

pub(crate) fn io_phrase(e: &std::io::Error) -> String {
    if e.raw_os_error() == Some(libc::ELOOP) {
        return "a loop of symbolic links".into();
    }
    match e.kind() {
        std::io::ErrorKind::PermissionDenied => "permission denied".into(),
        _ => {
            let s = e.to_string();
            // Drop the " (os error N)" tail: users need the words, not the errno.
            match s.find(" (os error") {
                Some(i) => s[..i].to_string(),
                None => s,
            }
        }
    }
}

/// Text decoding failures are input errors: the file is not text at all.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct NotText(pub String);

/// Decodes configuration text: UTF-8 (BOM dropped), UTF-16 with a BOM, and — because
/// Genesys Administrator on Windows writes them — Windows-1252 bytes that are not UTF-8.
/// A NUL byte outside UTF-16 means a binary file. UTF-8 text keeps the bytes' buffer.
pub(crate) fn decode_text(bytes: Vec<u8>) -> Result<String, NotText> {
    if let Some(rest) = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]) {
        return decode_text_no_bom(rest.to_vec());
    }
    if let Some(rest) = bytes.strip_prefix(&[0xFF, 0xFE]) {
        return decode_utf16(rest, u16::from_le_bytes);
    }
    if let Some(rest) = bytes.strip_prefix(&[0xFE, 0xFF]) {
        return decode_utf16(rest, u16::from_be_bytes);
    }
    decode_text_no_bom(bytes)
}

fn decode_text_no_bom(bytes: Vec<u8>) -> Result<String, NotText> {
    if let Some(pos) = memchr::memchr(0, &bytes) {
        return Err(NotText(format!(
            "binary data (a NUL byte at offset {pos}); expected a text file"
        )));
    }
    String::from_utf8(bytes)
        .or_else(|e| Ok(e.as_bytes().iter().map(|&b| windows_1252(b)).collect()))
}

fn decode_utf16(bytes: &[u8], word: fn([u8; 2]) -> u16) -> Result<String, NotText> {
    if !bytes.len().is_multiple_of(2) {
        return Err(NotText(
            "truncated UTF-16 text (odd number of bytes)".into(),
        ));
    }
    let units = bytes.chunks_exact(2).map(|c| word([c[0], c[1]]));
    let s: String = char::decode_utf16(units)
        .map(|r| r.unwrap_or(char::REPLACEMENT_CHARACTER))
        .collect();
    if s.contains('\0') {
        return Err(NotText("binary data in UTF-16 text".into()));
    }
    Ok(s)
}

fn windows_1252(b: u8) -> char {
    const HIGH: [char; 32] = [
        '€', '\u{81}', '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', '\u{8d}', 'Ž',
        '\u{8f}', '\u{90}', '‘', '’', '“', '”', '•', '–', '—', '˜', '™', 'š', '›', 'œ', '\u{9d}',
        'ž', 'Ÿ',
    ];
    match b {
        0x80..=0x9F => HIGH[(b - 0x80) as usize],
        _ => b as char,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_link_is_noticed_by_the_open_itself_and_read_through() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("cert.pem");
        std::fs::write(&file, "text").unwrap();
        let link = dir.path().join("link.pem");
        std::os::unix::fs::symlink(&file, &link).unwrap();
        let dangling = dir.path().join("dangling.pem");
        std::os::unix::fs::symlink(dir.path().join("gone.pem"), &dangling).unwrap();
        let looped = dir.path().join("loop.pem");
        std::os::unix::fs::symlink(&looped, &looped).unwrap();

        let (f, meta, via_link) = open_regular_noting_link(&file).unwrap();
        assert!(!via_link);
        assert_eq!(read_opened(f, &meta, 100).unwrap(), b"text");
        let (f, meta, via_link) = open_regular_noting_link(&link).unwrap();
        assert!(via_link);
        assert_eq!(read_opened(f, &meta, 100).unwrap(), b"text");
        // Failures read as open_regular's.
        for broken in [&dangling, &looped, &dir.path().join("absent.pem")] {
            assert_eq!(
                open_regular_noting_link(broken).map(|_| ()),
                open_regular(broken).map(|_| ()),
                "{}",
                broken.display()
            );
        }
        assert!(matches!(
            open_regular_noting_link(dir.path()),
            Err(ReadError::NotRegular("a directory"))
        ));
    }

    #[test]
    fn devices_and_directories_are_refused_without_reading() {
        assert_eq!(
            read_capped(Path::new("/dev/zero"), 10),
            Err(ReadError::NotRegular("a character device"))
        );
        assert_eq!(
            read_capped(Path::new("/"), 10),
            Err(ReadError::NotRegular("a directory"))
        );
        assert_eq!(
            read_capped(Path::new("/no/such/file"), 10),
            Err(ReadError::NotFound)
        );
    }

    #[test]
    fn a_fifo_without_a_writer_is_refused_at_once_not_waited_on() {
        let dir = tempfile::tempdir().unwrap();
        let fifo = dir.path().join("p.pem");
        let c = std::ffi::CString::new(fifo.to_str().unwrap()).unwrap();
        // SAFETY: mkfifo with a valid NUL-terminated path.
        assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o600) }, 0);
        let started = std::time::Instant::now();
        assert_eq!(
            read_capped(&fifo, 10),
            Err(ReadError::NotRegular("a named pipe"))
        );
        assert!(started.elapsed() < std::time::Duration::from_secs(1));
        let file = dir.path().join("f.pem");
        std::fs::write(&file, b"hello").unwrap();
        assert_eq!(read_capped(&file, 10).unwrap(), b"hello");
        assert_eq!(
            read_capped(&file, 3),
            Err(ReadError::TooLarge { size: 5, cap: 3 })
        );
    }

    #[test]
    fn text_decoding_handles_boms_and_windows_bytes() {
        assert_eq!(decode_text(b"\xEF\xBB\xBFa=1".to_vec()).unwrap(), "a=1");
        assert_eq!(decode_text(b"\xFF\xFEa\0=\x001\0".to_vec()).unwrap(), "a=1");
        assert_eq!(decode_text(b"\xFE\xFF\0a\0=\x001".to_vec()).unwrap(), "a=1");
        assert_eq!(decode_text(b"caf\xE9 \x80".to_vec()).unwrap(), "café €");
        assert!(decode_text(b"\x7fELF\0\0".to_vec()).is_err());
    }
}
