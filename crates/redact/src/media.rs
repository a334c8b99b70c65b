//! Image metadata removal for bundle assets. Camera and editor metadata (EXIF, XMP, PNG
//! text chunks, JPEG comments) can hold names, hosts, locations and anything a screenshot
//! tool wrote; none of it is needed to show the image, so it is removed before publishing.
//! Pure functions over bytes. A file that claims to be a PNG or JPEG but does not parse is
//! an error: it is not published half-understood.

use std::borrow::Cow;

/// Why an image could not be cleaned.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct MediaError(pub String);

/// Returns the file without metadata when it is a PNG or JPEG (by its leading bytes), else
/// the bytes unchanged.
pub fn strip_metadata(bytes: &[u8]) -> Result<Cow<'_, [u8]>, MediaError> {
    if bytes.starts_with(PNG_SIGNATURE) {
        return strip_png(bytes).map(Cow::Owned);
    }
    if bytes.starts_with(&[0xFF, 0xD8]) {
        return strip_jpeg(bytes).map(Cow::Owned);
    }
    Ok(Cow::Borrowed(bytes))
}

const PNG_SIGNATURE: &[u8] = &[0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A];

/// PNG chunks that carry text or metadata rather than pixels.
const PNG_METADATA: &[&[u8; 4]] = &[b"tEXt", b"zTXt", b"iTXt", b"eXIf", b"tIME"];

fn strip_png(bytes: &[u8]) -> Result<Vec<u8>, MediaError> {
    let mut out = Vec::with_capacity(bytes.len());
    out.extend_from_slice(PNG_SIGNATURE);
    let mut pos = PNG_SIGNATURE.len();
    let bad = || MediaError("truncated or malformed PNG".into());
    loop {
        let header = bytes.get(pos..pos + 8).ok_or_else(bad)?;
        let len = u32::from_be_bytes([header[0], header[1], header[2], header[3]]) as usize;
        let kind: [u8; 4] = [header[4], header[5], header[6], header[7]];
        let end = pos.checked_add(12).and_then(|p| p.checked_add(len)).ok_or_else(bad)?;
        let chunk = bytes.get(pos..end).ok_or_else(bad)?;
        if !PNG_METADATA.contains(&&kind) {
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
    let bad = || MediaError("truncated or malformed JPEG".into());
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
        // APP1 (EXIF, XMP) … APP15 except APP2 (colour profile) and APP14 (Adobe colour
        // transform), and COM comments, are metadata.
        let metadata = matches!(marker, 0xE1 | 0xE3..=0xED | 0xEF | 0xFE);
        if !metadata {
            out.extend_from_slice(segment);
        }
        pos = end;
        if marker == 0xDA {
            // Start of scan: the entropy-coded data and the rest of the file follow.
            out.extend_from_slice(&bytes[pos..]);
            return Ok(out);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn png_chunk(kind: &[u8; 4], data: &[u8]) -> Vec<u8> {
        let mut c = (data.len() as u32).to_be_bytes().to_vec();
        c.extend_from_slice(kind);
        c.extend_from_slice(data);
        c.extend_from_slice(&[0, 0, 0, 0]); // CRC is not checked here
        c
    }

    #[test]
    fn png_text_chunks_are_removed() {
        let mut png = PNG_SIGNATURE.to_vec();
        png.extend(png_chunk(b"IHDR", &[0; 13]));
        png.extend(png_chunk(b"tEXt", b"Author\0alice@corp.example"));
        png.extend(png_chunk(b"iTXt", b"Comment\0\0\0\0\0db1.corp.example"));
        png.extend(png_chunk(b"IDAT", &[1, 2, 3]));
        png.extend(png_chunk(b"IEND", &[]));
        let clean = strip_metadata(&png).unwrap();
        let text = String::from_utf8_lossy(&clean);
        assert!(!text.contains("alice") && !text.contains("corp"), "{text}");
        assert!(text.contains("IHDR") && text.contains("IDAT") && text.contains("IEND"));
        assert_eq!(clean.len(), png.len() - (12 + 25) - (12 + 28));
    }

    #[test]
    fn jpeg_exif_and_comments_are_removed() {
        let mut jpg = vec![0xFF, 0xD8];
        jpg.extend([0xFF, 0xE0, 0x00, 0x06, b'J', b'F', b'I', b'F']);
        let exif = b"Exif\0\0Artist=Bob Jones";
        jpg.extend([0xFF, 0xE1, 0x00, (exif.len() + 2) as u8]);
        jpg.extend_from_slice(exif);
        let com = b"host db1.corp.example";
        jpg.extend([0xFF, 0xFE, 0x00, (com.len() + 2) as u8]);
        jpg.extend_from_slice(com);
        jpg.extend([0xFF, 0xDA, 0x00, 0x02, 9, 9, 9, 0xFF, 0xD9]);
        let clean = strip_metadata(&jpg).unwrap();
        let text = String::from_utf8_lossy(&clean);
        assert!(!text.contains("Bob") && !text.contains("corp"), "{text}");
        assert!(text.contains("JFIF"));
        assert!(clean.ends_with(&[9, 9, 9, 0xFF, 0xD9]));
    }

    #[test]
    fn malformed_images_are_errors_and_others_pass_through() {
        assert!(strip_metadata(&[0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A, 0, 0]).is_err());
        assert!(strip_metadata(&[0xFF, 0xD8, 0x00]).is_err());
        let svg = b"<svg xmlns='http://www.w3.org/2000/svg'/>";
        assert!(matches!(strip_metadata(svg).unwrap(), Cow::Borrowed(_)));
    }
}
