//! Bundle assets made safe to publish. Camera and editor metadata (EXIF, XMP, ICC
//! descriptions, comments, application blocks) can hold names, hosts, locations and
//! anything a screenshot tool wrote; none of it is needed to show the image, so it is
//! removed. Pure functions over bytes.
//!
//! | format | what happens |
//! | --- | --- |
//! | JPEG | APP1 (EXIF, XMP), APP3–APP13, APP15, COM, non-ICC APP2 (MPF, FlashPix), non-JFIF APP0 and anything after the end-of-image marker are removed; every scan of a progressive JPEG is walked |
//! | PNG | only pixel and colour chunks are kept (`IHDR PLTE IDAT IEND tRNS cHRM gAMA sRGB sBIT bKGD hIST pHYs sPLT cICP cLLi mDCV acTL fcTL fdAT`); text, EXIF, time, compressed ICC profiles and private chunks go |
//! | WebP | `EXIF`, `XMP ` and unknown chunks are removed, the `VP8X` flags and the RIFF size are fixed; the (uncompressed, scanned) ICC profile stays |
//! | GIF | comment and plain-text extensions and every application extension except the looping ones (`NETSCAPE2.0`, `ANIMEXTS1.0`) are removed, and anything after the trailer |
//! | SVG | refused when it can run code (scripts, event handlers, `javascript:` URLs, `foreignObject`, embedded documents, DTDs); comments, `<metadata>` and editor (Inkscape, Sodipodi) data are removed; the rest — `<title>`, `<desc>`, text, attributes — is redacted like any text |
//! | AVIF, HEIF, TIFF | refused: their metadata lives in item tables (AVIF, HEIF) or is the file's structure (TIFF), and debrief does not rewrite them; re-export as WebP, PNG or JPEG |
//! | anything else | refused: debrief publishes only formats it can clean |
//!
//! A file that claims a format and does not parse is refused too: nothing is published
//! half-understood.

use crate::redactor::Redactor;
use std::borrow::Cow;

/// Why an asset cannot be published.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct MediaError {
    /// What is wrong.
    pub message: String,
    /// What to do about it.
    pub hint: String,
}

impl MediaError {
    fn new(message: impl Into<String>, hint: impl Into<String>) -> Self {
        Self { message: message.into(), hint: hint.into() }
    }

    fn malformed(format: &str) -> Self {
        Self::new(
            format!("truncated or malformed {format}: its metadata cannot be removed safely"),
            "re-export the image from the tool that made it; a file that does not parse is not published",
        )
    }
}

/// The formats a bundle may publish.
const PUBLISHABLE: &str = "JPEG, PNG, WebP, GIF or SVG";

/// A bundle asset cleaned for publishing: images without metadata, SVG redacted.
/// `name` is the file name (its extension tells SVG from other text); the format of a
/// raster image is told by its leading bytes, whatever its name.
pub fn clean_asset<'a>(name: &str, bytes: &'a [u8], redactor: &Redactor) -> Result<Cow<'a, [u8]>, MediaError> {
    let ext = name.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase()).unwrap_or_default();
    let head = bytes.iter().take(256).copied().skip_while(|b| b.is_ascii_whitespace()).collect::<Vec<u8>>();
    let looks_svg = (head.starts_with(b"<svg") || head.starts_with(b"<?xml"))
        && bytes.windows(4).any(|w| w.eq_ignore_ascii_case(b"<svg"));
    if ext == "svg" || (looks_svg && !is_raster(bytes)) {
        return clean_svg(bytes, redactor).map(|s| Cow::Owned(s.into_bytes()));
    }
    strip_metadata(bytes)
}

fn is_raster(bytes: &[u8]) -> bool {
    bytes.starts_with(PNG_SIGNATURE)
        || bytes.starts_with(&[0xFF, 0xD8])
        || is_webp(bytes)
        || bytes.starts_with(b"GIF87a")
        || bytes.starts_with(b"GIF89a")
}

fn is_webp(bytes: &[u8]) -> bool {
    bytes.len() >= 12 && &bytes[..4] == b"RIFF" && &bytes[8..12] == b"WEBP"
}

/// Returns a raster image without metadata (JPEG, PNG, WebP, GIF, told by its leading
/// bytes); refuses every other format.
pub fn strip_metadata(bytes: &[u8]) -> Result<Cow<'_, [u8]>, MediaError> {
    if bytes.starts_with(PNG_SIGNATURE) {
        return strip_png(bytes).map(Cow::Owned);
    }
    if bytes.starts_with(&[0xFF, 0xD8]) {
        return strip_jpeg(bytes).map(Cow::Owned);
    }
    if is_webp(bytes) {
        return strip_webp(bytes).map(Cow::Owned);
    }
    if bytes.starts_with(b"GIF87a") || bytes.starts_with(b"GIF89a") {
        return strip_gif(bytes).map(Cow::Owned);
    }
    let reexport = format!("re-export it as {PUBLISHABLE}");
    if bytes.len() >= 12 && &bytes[4..8] == b"ftyp" {
        let brand = String::from_utf8_lossy(&bytes[8..12]).into_owned();
        let kind = if brand.starts_with("avi") { "AVIF" } else { "HEIF/ISO media" };
        return Err(MediaError::new(
            format!(
                "{kind} files (brand `{brand}`) are not published: debrief cannot remove their metadata (Exif and XMP items) safely"
            ),
            reexport,
        ));
    }
    if bytes.starts_with(b"II*\0") || bytes.starts_with(b"MM\0*") {
        return Err(MediaError::new(
            "TIFF files are not published: a TIFF is made of metadata tags, which debrief does not rewrite (and browsers do not show TIFF)",
            reexport,
        ));
    }
    Err(MediaError::new(
        format!(
            "debrief cannot tell this file's format, so it cannot remove its metadata (bundles publish {PUBLISHABLE})"
        ),
        format!("{reexport}, or move the file out of the bundle folder"),
    ))
}

const PNG_SIGNATURE: &[u8] = &[0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A];

/// PNG chunks that carry pixels or colour and nothing else; every other chunk is dropped.
const PNG_KEEP: &[&[u8; 4]] = &[
    b"IHDR", b"PLTE", b"IDAT", b"IEND", b"tRNS", b"cHRM", b"gAMA", b"sRGB", b"sBIT", b"bKGD", b"hIST", b"pHYs",
    b"sPLT", b"cICP", b"cLLi", b"mDCV", b"acTL", b"fcTL", b"fdAT",
];

fn strip_png(bytes: &[u8]) -> Result<Vec<u8>, MediaError> {
    let mut out = Vec::with_capacity(bytes.len());
    out.extend_from_slice(PNG_SIGNATURE);
    let mut pos = PNG_SIGNATURE.len();
    let bad = || MediaError::malformed("PNG");
    loop {
        let header = bytes.get(pos..pos + 8).ok_or_else(bad)?;
        let len = u32::from_be_bytes([header[0], header[1], header[2], header[3]]) as usize;
        let kind: [u8; 4] = [header[4], header[5], header[6], header[7]];
        let end = pos.checked_add(12).and_then(|p| p.checked_add(len)).ok_or_else(bad)?;
        let chunk = bytes.get(pos..end).ok_or_else(bad)?;
        if PNG_KEEP.contains(&&kind) {
            out.extend_from_slice(chunk);
        }
        pos = end;
        if &kind == b"IEND" {
            return Ok(out);
        }
    }
}

fn strip_jpeg(bytes: &[u8]) -> Result<Vec<u8>, MediaError> {
    let mut out = Vec::with_capacity(bytes.len());
    out.extend_from_slice(&bytes[..2]);
    let mut pos = 2;
    let bad = || MediaError::malformed("JPEG");
    loop {
        if *bytes.get(pos).ok_or_else(bad)? != 0xFF {
            return Err(bad());
        }
        let marker = *bytes.get(pos + 1).ok_or_else(bad)?;
        match marker {
            0xFF => {
                pos += 1; // fill byte
                continue;
            }
            0xD8 | 0x01 | 0xD0..=0xD7 => {
                out.extend_from_slice(&bytes[pos..pos + 2]);
                pos += 2;
                continue;
            }
            0xD9 => {
                // End of image: anything after it (appended files, MPF images) is dropped.
                out.extend_from_slice(&bytes[pos..pos + 2]);
                return Ok(out);
            }
            _ => {}
        }
        let len_bytes = bytes.get(pos + 2..pos + 4).ok_or_else(bad)?;
        let len = u16::from_be_bytes([len_bytes[0], len_bytes[1]]) as usize;
        if len < 2 {
            return Err(bad());
        }
        let end = pos + 2 + len;
        let segment = bytes.get(pos..end).ok_or_else(bad)?;
        let payload = &segment[4..];
        let keep = match marker {
            0xE0 => payload.starts_with(b"JFIF\0"),
            0xE2 => payload.starts_with(b"ICC_PROFILE\0"),
            0xE1 | 0xE3..=0xED | 0xEF | 0xFE => false,
            _ => true, // APP14 (Adobe colour transform), tables, frame and scan headers
        };
        if keep {
            out.extend_from_slice(segment);
        }
        pos = end;
        if marker == 0xDA {
            // Entropy-coded data up to the next marker (0xFF not followed by 0x00, a
            // restart marker or a fill byte).
            let start = pos;
            loop {
                let b = *bytes.get(pos).ok_or_else(bad)?;
                if b == 0xFF {
                    let next = *bytes.get(pos + 1).ok_or_else(bad)?;
                    if next != 0x00 && !(0xD0..=0xD7).contains(&next) {
                        break;
                    }
                    pos += 2;
                } else {
                    pos += 1;
                }
            }
            out.extend_from_slice(&bytes[start..pos]);
        }
    }
}

/// WebP chunks kept; `EXIF`, `XMP ` and anything unknown are dropped.
const WEBP_KEEP: &[&[u8; 4]] = &[b"VP8 ", b"VP8L", b"VP8X", b"ALPH", b"ANIM", b"ANMF", b"ICCP"];

fn strip_webp(bytes: &[u8]) -> Result<Vec<u8>, MediaError> {
    let bad = || MediaError::malformed("WebP");
    let riff_len = u32::from_le_bytes([bytes[4], bytes[5], bytes[6], bytes[7]]) as usize;
    let end = riff_len.checked_add(8).filter(|&e| e <= bytes.len()).ok_or_else(bad)?;
    let mut out = Vec::with_capacity(end);
    out.extend_from_slice(b"RIFF\0\0\0\0WEBP");
    let mut pos = 12;
    let mut vp8x_at = None;
    while pos < end {
        let header = bytes.get(pos..pos + 8).ok_or_else(bad)?;
        let kind: [u8; 4] = [header[0], header[1], header[2], header[3]];
        let len = u32::from_le_bytes([header[4], header[5], header[6], header[7]]) as usize;
        let padded = len + (len & 1);
        let chunk_end = pos.checked_add(8 + padded).filter(|&e| e <= end).ok_or_else(bad)?;
        if WEBP_KEEP.contains(&&kind) {
            if &kind == b"VP8X" {
                if len < 10 {
                    return Err(bad());
                }
                vp8x_at = Some(out.len());
            }
            out.extend_from_slice(&bytes[pos..chunk_end]);
        }
        pos = chunk_end;
    }
    if let Some(at) = vp8x_at {
        // The EXIF (0x08) and XMP (0x04) flags: those chunks are gone.
        out[at + 8] &= !0x0C;
    }
    let size = u32::try_from(out.len() - 8).map_err(|_| bad())?;
    out[4..8].copy_from_slice(&size.to_le_bytes());
    Ok(out)
}

fn strip_gif(bytes: &[u8]) -> Result<Vec<u8>, MediaError> {
    let bad = || MediaError::malformed("GIF");
    let mut out = Vec::with_capacity(bytes.len());
    let lsd = bytes.get(..13).ok_or_else(bad)?;
    let table = |flags: u8| if flags & 0x80 != 0 { 3usize << ((flags & 0x07) + 1) } else { 0 };
    let mut pos = 13 + table(lsd[10]);
    out.extend_from_slice(bytes.get(..pos).ok_or_else(bad)?);
    // Sub-blocks from `at` to the block terminator; returns the position after it.
    let sub_blocks = |mut at: usize| -> Result<usize, MediaError> {
        loop {
            let n = *bytes.get(at).ok_or_else(bad)? as usize;
            at += 1 + n;
            if n == 0 {
                return Ok(at);
            }
        }
    };
    loop {
        match *bytes.get(pos).ok_or_else(bad)? {
            0x3B => {
                out.push(0x3B); // trailer; anything after it is dropped
                return Ok(out);
            }
            0x2C => {
                let desc = bytes.get(pos..pos + 10).ok_or_else(bad)?;
                let data = pos + 10 + table(desc[9]) + 1; // + LZW minimum code size
                let end = sub_blocks(data)?;
                out.extend_from_slice(bytes.get(pos..end).ok_or_else(bad)?);
                pos = end;
            }
            0x21 => {
                let label = *bytes.get(pos + 1).ok_or_else(bad)?;
                let end = sub_blocks(pos + 2)?;
                let block = bytes.get(pos..end).ok_or_else(bad)?;
                let keep = match label {
                    0xF9 => true, // graphic control: delays and transparency
                    0xFF => {
                        let id = block.get(3..14).unwrap_or_default();
                        block.get(2) == Some(&11) && (id == b"NETSCAPE2.0" || id == b"ANIMEXTS1.0")
                    }
                    _ => false, // comments, plain text, anything unknown
                };
                if keep {
                    out.extend_from_slice(block);
                }
                pos = end;
            }
            _ => return Err(bad()),
        }
    }
}

/// Elements and attributes that can run code or pull in other documents.
const SVG_ACTIVE: &[&str] = &[
    "<script",
    "<foreignobject",
    "<iframe",
    "<embed",
    "<object",
    "<handler",
    "<listener",
    "<!doctype",
    "<!entity",
    "<?xml-stylesheet",
    "javascript:",
    "vbscript:",
    "data:text/html",
    "data:image/svg",
];

fn clean_svg(bytes: &[u8], redactor: &Redactor) -> Result<String, MediaError> {
    let text = std::str::from_utf8(bytes)
        .map_err(|_| MediaError::new("this SVG is not UTF-8 text", "save the SVG as UTF-8"))?;
    // Character references are decoded first: `&#106;avascript:` is `javascript:`.
    let lower = crate::scan::decode(text).to_ascii_lowercase();
    let hint = "remove the scripts and interactive parts (an SVG on the site is an image, not a program), or export it as PNG or WebP";
    if let Some(active) = SVG_ACTIVE.iter().find(|a| lower.contains(*a)) {
        return Err(MediaError::new(format!("this SVG can run code or load documents (`{active}`)"), hint));
    }
    if let Some(at) = event_handler(&lower) {
        return Err(MediaError::new(format!("this SVG has an event handler attribute (`{at}`)"), hint));
    }
    // Comments, metadata and editor data are not part of the picture.
    let mut clean = remove_between(text, "<!--", "-->");
    for element in ["metadata", "sodipodi:namedview", "inkscape:clipboard"] {
        clean = remove_element(&clean, element);
    }
    clean = remove_namespaced_attributes(&clean, &["sodipodi:", "inkscape:"]);
    let redacted = redactor.redact(&clean);
    if redacted.hits.iter().any(|h| h.replacement.contains(['<', '>', '&', '"', '\''])) {
        return Err(MediaError::new(
            "a replacement text holds markup characters (`<>&\"'`), which cannot be put into an SVG",
            "choose `replace` texts without those characters in redaction.toml",
        ));
    }
    Ok(redacted.text)
}

/// The first `on…=` attribute in (lower-cased) markup.
fn event_handler(lower: &str) -> Option<String> {
    let b = lower.as_bytes();
    let mut i = 0;
    while let Some(p) = lower[i..].find("on") {
        let at = i + p;
        i = at + 2;
        let before_ok = at > 0 && (b[at - 1].is_ascii_whitespace() || b[at - 1] == b'/' || b[at - 1] == b'"');
        if !before_ok {
            continue;
        }
        let name_len = b[at + 2..].iter().take_while(|c| c.is_ascii_alphabetic()).count();
        let mut j = at + 2 + name_len;
        while j < b.len() && b[j].is_ascii_whitespace() {
            j += 1;
        }
        // Only inside a tag: the last `<` before it is after the last `>`.
        let in_tag = lower[..at].rfind('<').is_some_and(|lt| lower[..at].rfind('>').is_none_or(|gt| gt < lt));
        if name_len > 0 && j < b.len() && b[j] == b'=' && in_tag {
            return Some(lower[at..at + 2 + name_len].to_string());
        }
    }
    None
}

/// `text` without every `open … close` span (an unclosed one removes the rest).
fn remove_between(text: &str, open: &str, close: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(start) = rest.find(open) {
        out.push_str(&rest[..start]);
        match rest[start + open.len()..].find(close) {
            Some(end) => rest = &rest[start + open.len() + end + close.len()..],
            None => return out,
        }
    }
    out.push_str(rest);
    out
}

/// `text` without `<name …/>` and `<name …>…</name>` elements (case-insensitive names).
fn remove_element(text: &str, name: &str) -> String {
    let open = format!("<{name}");
    let close = format!("</{name}>");
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    loop {
        let lower = rest.to_ascii_lowercase();
        let Some(start) = lower.find(&open).filter(|&s| {
            lower.as_bytes().get(s + open.len()).is_some_and(|c| c.is_ascii_whitespace() || *c == b'>' || *c == b'/')
        }) else {
            out.push_str(rest);
            return out;
        };
        out.push_str(&rest[..start]);
        let tag_end = lower[start..].find('>').map(|e| start + e);
        let Some(tag_end) = tag_end else { return out };
        if lower[..tag_end].ends_with('/') {
            rest = &rest[tag_end + 1..];
            continue;
        }
        match lower[tag_end..].find(&close) {
            Some(e) => rest = &rest[tag_end + e + close.len()..],
            None => return out,
        }
    }
}

/// `text` without attributes whose names start with one of `prefixes`.
fn remove_namespaced_attributes(text: &str, prefixes: &[&str]) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    'outer: while !rest.is_empty() {
        for p in prefixes {
            if let Some(stripped) = rest.strip_prefix(p)
                && out.ends_with(|c: char| c.is_ascii_whitespace())
            {
                // name="value" or name='value'
                let name_len = stripped
                    .bytes()
                    .take_while(|c| c.is_ascii_alphanumeric() || matches!(c, b'-' | b'_' | b':'))
                    .count();
                let after = stripped[name_len..].trim_start();
                if let Some(value) = after.strip_prefix('=') {
                    let value = value.trim_start();
                    if let Some(q) = value.chars().next().filter(|c| *c == '"' || *c == '\'')
                        && let Some(end) = value[1..].find(q)
                    {
                        rest = &value[1 + end + 1..];
                        continue 'outer;
                    }
                }
            }
        }
        let c = rest.chars().next().unwrap_or(' ');
        out.push(c);
        rest = &rest[c.len_utf8()..];
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::RedactionConfig;

    fn redactor() -> Redactor {
        let cfg = RedactionConfig::from_toml_str(
            "[[rule]]\nname = \"customers\"\nterms = [\"Globex\"]\nreplace = \"Customer {n}\"\n[[rule]]\nname = \"hosts\"\npattern = '\\b[a-z0-9.-]+\\.corp\\.example\\.net\\b'\nreplace = \"[internal host]\"\n",
            "redaction.toml",
        )
        .unwrap();
        Redactor::new(&cfg).unwrap()
    }

    fn png_chunk(kind: &[u8; 4], data: &[u8]) -> Vec<u8> {
        let mut c = (data.len() as u32).to_be_bytes().to_vec();
        c.extend_from_slice(kind);
        c.extend_from_slice(data);
        c.extend_from_slice(&[0, 0, 0, 0]); // CRC is not checked here
        c
    }

    /// A WebP with a `VP8X` header, the given extra chunks, and a lossless bitstream.
    fn webp(chunks: &[(&[u8; 4], &[u8])], flags: u8) -> Vec<u8> {
        let mut body = b"WEBP".to_vec();
        let mut vp8x = vec![flags, 0, 0, 0];
        vp8x.extend([0, 0, 0, 0, 0, 0]); // canvas 1×1 (stored minus one)
        for (kind, data) in std::iter::once((b"VP8X", vp8x.as_slice())).chain(chunks.iter().copied()) {
            body.extend_from_slice(&kind[..]);
            body.extend((data.len() as u32).to_le_bytes());
            body.extend_from_slice(data);
            if data.len() % 2 == 1 {
                body.push(0);
            }
        }
        let mut out = b"RIFF".to_vec();
        out.extend((body.len() as u32).to_le_bytes());
        out.extend(body);
        out
    }

    /// Every chunk of a RIFF file: (kind, data).
    fn riff_chunks(b: &[u8]) -> Vec<([u8; 4], Vec<u8>)> {
        assert_eq!(u32::from_le_bytes([b[4], b[5], b[6], b[7]]) as usize, b.len() - 8, "RIFF size");
        let mut pos = 12;
        let mut out = Vec::new();
        while pos < b.len() {
            let len = u32::from_le_bytes([b[pos + 4], b[pos + 5], b[pos + 6], b[pos + 7]]) as usize;
            out.push(([b[pos], b[pos + 1], b[pos + 2], b[pos + 3]], b[pos + 8..pos + 8 + len].to_vec()));
            pos += 8 + len + (len & 1);
        }
        out
    }

    fn text(b: &[u8]) -> String {
        String::from_utf8_lossy(b).into_owned()
    }

    #[test]
    fn png_keeps_only_pixel_and_colour_chunks() {
        let mut png = PNG_SIGNATURE.to_vec();
        png.extend(png_chunk(b"IHDR", &[0; 13]));
        png.extend(png_chunk(b"tEXt", b"Author\0alice@corp.example"));
        png.extend(png_chunk(b"iTXt", b"Comment\0\0\0\0\0db1.corp.example"));
        png.extend(png_chunk(b"iCCP", b"Alice's display\0\0x"));
        png.extend(png_chunk(b"prVt", b"private editor data"));
        png.extend(png_chunk(b"gAMA", &[0, 0, 0xB1, 0x8F]));
        png.extend(png_chunk(b"IDAT", &[1, 2, 3]));
        png.extend(png_chunk(b"IEND", &[]));
        let clean = strip_metadata(&png).unwrap();
        let t = text(&clean);
        for gone in ["alice", "corp", "Alice", "private editor", "tEXt", "iCCP"] {
            assert!(!t.contains(gone), "{gone}: {t}");
        }
        let mut want = PNG_SIGNATURE.to_vec();
        for (k, d) in [(b"IHDR", &[0u8; 13][..]), (b"gAMA", &[0, 0, 0xB1, 0x8F]), (b"IDAT", &[1, 2, 3]), (b"IEND", &[])]
        {
            want.extend(png_chunk(k, d));
        }
        assert_eq!(clean.as_ref(), want.as_slice());
    }

    #[test]
    fn jpeg_metadata_segments_and_trailing_data_are_removed() {
        let mut jpg = vec![0xFF, 0xD8];
        jpg.extend([0xFF, 0xE0, 0x00, 0x07, b'J', b'F', b'I', b'F', 0]);
        let exif = b"Exif\0\0Artist=Bob Jones";
        jpg.extend([0xFF, 0xE1, 0x00, (exif.len() + 2) as u8]);
        jpg.extend_from_slice(exif);
        let mpf = b"MPF\0 second image by carol@corp.example";
        jpg.extend([0xFF, 0xE2, 0x00, (mpf.len() + 2) as u8]);
        jpg.extend_from_slice(mpf);
        let icc = b"ICC_PROFILE\0\x01\x01sRGB";
        jpg.extend([0xFF, 0xE2, 0x00, (icc.len() + 2) as u8]);
        jpg.extend_from_slice(icc);
        let com = b"host db1.corp.example";
        jpg.extend([0xFF, 0xFE, 0x00, (com.len() + 2) as u8]);
        jpg.extend_from_slice(com);
        // Two scans (progressive) with a comment between them, then junk after EOI.
        jpg.extend([0xFF, 0xDA, 0x00, 0x02, 9, 0xFF, 0x00, 9, 0xFF, 0xD0, 9]);
        jpg.extend([0xFF, 0xFE, 0x00, 0x0A]);
        jpg.extend_from_slice(b"Globex 2");
        jpg.extend([0xFF, 0xDA, 0x00, 0x02, 7, 7, 0xFF, 0xD9]);
        jpg.extend_from_slice(b"appended: dave@corp.example");
        let clean = strip_metadata(&jpg).unwrap();
        let t = text(&clean);
        for gone in ["Bob", "corp", "carol", "Globex", "dave", "appended"] {
            assert!(!t.contains(gone), "{gone}: {t}");
        }
        assert!(t.contains("JFIF") && t.contains("ICC_PROFILE"));
        assert!(clean.ends_with(&[0xFF, 0xDA, 0x00, 0x02, 7, 7, 0xFF, 0xD9]));
        assert!(t.contains("\u{9}\u{FFFD}\0\u{9}"), "first scan kept: {t:?}");
    }

    #[test]
    fn webp_exif_with_an_email_and_an_internal_ip_is_removed() {
        let exif = b"MM\0*\0\0\0\x08 Artist oncall.lead@northwind.example GPS 10.20.30.40";
        let xmp = b"<x:xmpmeta><dc:creator>Globex</dc:creator></x:xmpmeta>";
        let icc = b"\0\0\0\x10appl sRGB profile";
        let vp8l = [0x2F, 0, 0, 0, 0x10, 0x07, 0x10, 0x11, 0x11, 0x88, 0x88, 0xFE, 0x07, 0];
        let unknown = b"some editor data";
        let img = webp(&[(b"ICCP", icc), (b"VP8L", &vp8l), (b"EXIF", exif), (b"XMP ", xmp), (b"EDIT", unknown)], 0x2C);
        let clean = strip_metadata(&img).unwrap();
        let t = text(&clean);
        for gone in ["oncall", "northwind", "10.20.30.40", "Globex", "EXIF", "XMP", "editor"] {
            assert!(!t.contains(gone), "{gone}: {t}");
        }
        let chunks = riff_chunks(&clean);
        let kinds: Vec<&[u8]> = chunks.iter().map(|(k, _)| &k[..]).collect();
        assert_eq!(kinds, [&b"VP8X"[..], b"ICCP", b"VP8L"]);
        assert_eq!(chunks[0].1[0], 0x20, "EXIF and XMP flags cleared, ICC kept");
        assert_eq!(chunks[2].1, vp8l);
    }

    #[test]
    fn gif_comments_and_application_blocks_are_removed_looping_kept() {
        let mut gif = b"GIF89a".to_vec();
        gif.extend([1, 0, 1, 0, 0x80, 0, 0]); // 1×1, global table of 2 colours
        gif.extend([0, 0, 0, 255, 255, 255]);
        gif.extend([0x21, 0xFF, 11]);
        gif.extend_from_slice(b"NETSCAPE2.0");
        gif.extend([3, 1, 0, 0, 0]);
        gif.extend([0x21, 0xFE, 20]);
        gif.extend_from_slice(b"made for Globex Corp");
        gif.push(0);
        gif.extend([0x21, 0xFF, 11]);
        gif.extend_from_slice(b"XMP DataXMP");
        gif.extend([17]);
        gif.extend_from_slice(b"db1.corp.example ");
        gif.push(0);
        gif.extend([0x21, 0x01, 12, 0, 0, 0, 0, 1, 0, 1, 0, 8, 8, 0, 1, 5]);
        gif.extend_from_slice(b"hello");
        gif.push(0);
        gif.extend([0x21, 0xF9, 4, 0, 10, 0, 0, 0]);
        gif.extend([0x2C, 0, 0, 0, 0, 1, 0, 1, 0, 0, 2, 2, 0x44, 0x01, 0]);
        gif.push(0x3B);
        gif.extend_from_slice(b"trailing Globex");
        let clean = strip_metadata(&gif).unwrap();
        let t = text(&clean);
        for gone in ["Globex", "corp", "XMP", "hello"] {
            assert!(!t.contains(gone), "{gone}: {t}");
        }
        let mut want = gif[..13 + 6].to_vec();
        want.extend([0x21, 0xFF, 11]);
        want.extend_from_slice(b"NETSCAPE2.0");
        want.extend([3, 1, 0, 0, 0]);
        want.extend([0x21, 0xF9, 4, 0, 10, 0, 0, 0]);
        want.extend([0x2C, 0, 0, 0, 0, 1, 0, 1, 0, 0, 2, 2, 0x44, 0x01, 0, 0x3B]);
        assert_eq!(clean.as_ref(), want.as_slice());
    }

    #[test]
    fn formats_debrief_cannot_clean_are_refused_with_a_hint() {
        let avif = b"\0\0\0\x1cftypavif\0\0\0\0avifmif1miaf\0\0\0\x08meta".to_vec();
        let e = strip_metadata(&avif).unwrap_err();
        assert!(e.message.starts_with("AVIF files (brand `avif`) are not published"), "{e}");
        assert!(e.hint.contains("WebP, PNG or JPEG") || e.hint.contains("JPEG, PNG, WebP"), "{}", e.hint);
        let heic = b"\0\0\0\x18ftypheic\0\0\0\0mif1heic".to_vec();
        assert!(strip_metadata(&heic).unwrap_err().message.starts_with("HEIF/ISO media files (brand `heic`)"));
        let tiff = b"II*\0\x08\0\0\0".to_vec();
        assert!(strip_metadata(&tiff).unwrap_err().message.starts_with("TIFF files are not published"));
        for other in [&b"BM6\0\0\0"[..], b"%PDF-1.7", b"plain notes", b""] {
            let e = strip_metadata(other).unwrap_err();
            assert!(e.message.contains("cannot tell this file's format"), "{e}");
            assert!(e.hint.contains("move the file out of the bundle"), "{}", e.hint);
        }
        let r = redactor();
        assert!(clean_asset("notes.txt", b"Globex", &r).unwrap_err().message.contains("cannot tell"));
    }

    #[test]
    fn malformed_images_are_refused() {
        let cases: [(&[u8], &str); 5] = [
            (&[0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A, 0, 0], "PNG"),
            (&[0xFF, 0xD8, 0x00], "JPEG"),
            (&[0xFF, 0xD8, 0xFF, 0xDA, 0x00, 0x02, 1, 2], "JPEG"),
            (b"RIFF\xff\0\0\0WEBPVP8X", "WebP"),
            (b"GIF89a\x01\0\x01\0\0\0\0\x2C", "GIF"),
        ];
        for (bytes, format) in cases {
            let e = strip_metadata(bytes).unwrap_err();
            assert_eq!(e.message, format!("truncated or malformed {format}: its metadata cannot be removed safely"));
        }
    }

    #[test]
    fn svg_metadata_comments_and_text_are_redacted() {
        let svg = "<?xml version=\"1.0\"?>\n<!-- exported by alice from db1.corp.example.net -->\n<svg xmlns=\"http://www.w3.org/2000/svg\" xmlns:inkscape=\"http://www.inkscape.org/namespaces/inkscape\" inkscape:export-filename=\"/home/alice/globex.png\" viewBox=\"0 0 10 10\">\n<metadata><rdf:RDF><dc:creator>Carol at Initrode</dc:creator></rdf:RDF></metadata>\n<sodipodi:namedview pagecolor=\"#fff\" inkscape:current-layer=\"Globex layer\"/>\n<title>Globex checkout flow</title>\n<desc>Requests go to api.corp.example.net</desc>\n<text x=\"1\" y=\"2\">GLOBEX</text>\n</svg>\n";
        let clean =
            String::from_utf8(clean_asset("flow.svg", svg.as_bytes(), &redactor()).unwrap().into_owned()).unwrap();
        for gone in [
            "alice",
            "corp.example",
            "Initrode",
            "Carol",
            "Globex",
            "GLOBEX",
            "metadata",
            "namedview",
            "inkscape:export",
        ] {
            assert!(!clean.contains(gone), "{gone}: {clean}");
        }
        assert!(clean.contains("<title>Customer 1 checkout flow</title>"), "{clean}");
        assert!(clean.contains("<desc>Requests go to [internal host]</desc>"), "{clean}");
        assert!(clean.contains("<text x=\"1\" y=\"2\">Customer 1</text>"), "{clean}");
        assert!(clean.contains("viewBox=\"0 0 10 10\""), "{clean}");
    }

    #[test]
    fn svg_that_can_run_code_is_refused() {
        let r = redactor();
        for (svg, what) in [
            ("<svg><script>alert(1)</script></svg>", "<script"),
            ("<svg><a href=\"JavaScript:alert(1)\">x</a></svg>", "javascript:"),
            ("<svg><foreignObject><p>x</p></foreignObject></svg>", "<foreignobject"),
            ("<!DOCTYPE svg [<!ENTITY x \"y\">]><svg/>", "<!doctype"),
            ("<svg><image href=\"data:image/svg+xml;base64,PHN2Zz4=\"/></svg>", "data:image/svg"),
            ("<svg><a href=\"&#106;avascript:x()\">x</a></svg>", "javascript:"),
        ] {
            let e = clean_asset("a.svg", svg.as_bytes(), &r).unwrap_err();
            assert_eq!(e.message, format!("this SVG can run code or load documents (`{what}`)"), "{svg}");
        }
        for svg in
            ["<svg onload=\"alert(1)\"/>", "<svg><rect\nONCLICK = 'x()'/></svg>", "<svg><g/onmouseover=\"x\"/></svg>"]
        {
            let e = clean_asset("a.svg", svg.as_bytes(), &r).unwrap_err();
            assert!(e.message.starts_with("this SVG has an event handler attribute"), "{svg}: {e}");
        }
        // Text that merely says "on…=" is not an attribute.
        let ok = "<svg><text>turn on = off; one of onions</text><g font-family=\"a\"/></svg>";
        assert!(clean_asset("a.svg", ok.as_bytes(), &r).is_ok());
        assert!(clean_asset("a.svg", &[0xFF, 0xFE, b'<'], &r).unwrap_err().message.contains("not UTF-8"));
    }
}
