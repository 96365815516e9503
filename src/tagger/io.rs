//! The weights file. Little-endian, compact, and the same bytes for the same model:
//!
//! ```text
//! "DKTAGGER" u32 version
//! u16 length + featurizer name (UTF-8)
//! u16 class count, each: u8 length + name (UTF-8)
//! f32 step                      weights are stored as integers times `step`
//! (L+1)^2 transitions           zigzag varints (forbidden ones as 0; re-imposed on reading)
//! u32 feature count, then per feature, by increasing key:
//!     varint key - previous key, varint bit mask of the labels with a weight,
//!     one zigzag varint per label in the mask
//! ```
//!
//! Quantization is the pruning: a weight that rounds to zero steps is not stored.

use rustc_hash::FxHashMap;

use super::iob::Scheme;
use super::Model;
use crate::error::{Error, Result};

const MAGIC: &[u8; 8] = b"DKTAGGER";
const VERSION: u32 = 1;

fn put_varint(out: &mut Vec<u8>, mut v: u64) {
    while v >= 0x80 {
        out.push((v as u8) | 0x80);
        v >>= 7;
    }
    out.push(v as u8);
}

fn zigzag(v: i64) -> u64 {
    ((v << 1) ^ (v >> 63)) as u64
}

fn unzigzag(v: u64) -> i64 {
    ((v >> 1) as i64) ^ -((v & 1) as i64)
}

impl Model {
    /// The model as weights-file bytes, each weight rounded to a multiple of `step` (weights
    /// that round to zero are left out).
    pub fn to_bytes(&self, step: f32) -> Vec<u8> {
        let l = self.n_labels();
        let q = |w: f32| -> i64 {
            if w.is_finite() {
                (f64::from(w) / f64::from(step)).round() as i64
            } else {
                0
            }
        };
        let mut out = Vec::new();
        out.extend_from_slice(MAGIC);
        out.extend_from_slice(&VERSION.to_le_bytes());
        out.extend_from_slice(&(self.features.len() as u16).to_le_bytes());
        out.extend_from_slice(self.features.as_bytes());
        out.extend_from_slice(&(self.scheme.classes().len() as u16).to_le_bytes());
        for c in self.scheme.classes() {
            out.push(c.len() as u8);
            out.extend_from_slice(c.as_bytes());
        }
        out.extend_from_slice(&step.to_le_bytes());
        for &t in &self.trans {
            put_varint(&mut out, zigzag(q(t)));
        }
        let mut keys: Vec<(u32, u32)> = self.index.iter().map(|(&k, &r)| (k, r)).collect();
        keys.sort_unstable();
        let mut body = Vec::new();
        let mut count = 0u32;
        let mut prev = 0u32;
        for (key, row) in keys {
            let row = &self.weights[row as usize..row as usize + l];
            let mut mask = 0u64;
            for (y, &w) in row.iter().enumerate() {
                if q(w) != 0 {
                    mask |= 1 << y;
                }
            }
            if mask == 0 {
                continue;
            }
            put_varint(&mut body, u64::from(key - prev));
            prev = key;
            put_varint(&mut body, mask);
            for &w in row {
                if q(w) != 0 {
                    put_varint(&mut body, zigzag(q(w)));
                }
            }
            count += 1;
        }
        out.extend_from_slice(&count.to_le_bytes());
        out.extend_from_slice(&body);
        out
    }

    /// Reads weights-file bytes; `file` is what errors name.
    pub fn from_bytes(bytes: &[u8], file: &str) -> Result<Model> {
        let mut r = Reader {
            bytes,
            pos: 0,
            file,
        };
        if r.take(8)? != MAGIC {
            return Err(r.error("not a derek tagger weights file"));
        }
        let version = r.u32()?;
        if version != VERSION {
            return Err(r.error(&format!("version {version}, expected {VERSION}")));
        }
        let n = r.u16()? as usize;
        let features = r.string(n)?;
        let n_classes = r.u16()? as usize;
        let mut classes = Vec::with_capacity(n_classes);
        for _ in 0..n_classes {
            let n = r.take(1)?[0] as usize;
            classes.push(r.string(n)?);
        }
        let scheme = Scheme::new(&classes);
        let l = scheme.n_labels();
        if l > super::MAX_LABELS {
            return Err(r.error(&format!("{n_classes} classes; at most 31 fit")));
        }
        let step = f32::from_le_bytes(r.array()?);
        if !step.is_finite() || step <= 0.0 {
            return Err(r.error(&format!("bad step {step}")));
        }
        let w = |v: u64| (unzigzag(v) as f64 * f64::from(step)) as f32;
        let mut trans = Vec::with_capacity((l + 1) * (l + 1));
        for _ in 0..(l + 1) * (l + 1) {
            trans.push(w(r.varint()?));
        }
        Model::constrain(&mut trans, l);
        let count = r.u32()? as usize;
        let mut index = FxHashMap::default();
        index.reserve(count.min(bytes.len()));
        let mut weights = Vec::with_capacity(count.min(bytes.len()) * l);
        let mut key = 0u32;
        for i in 0..count {
            let delta = r.varint()?;
            key = u32::try_from(u64::from(key) + delta)
                .ok()
                .filter(|&k| i == 0 || k > key)
                .ok_or_else(|| r.error("feature keys out of order"))?;
            let mask = r.varint()?;
            if mask >> l != 0 || mask == 0 {
                return Err(r.error(&format!("label mask {mask:#x} for {l} labels")));
            }
            index.insert(key, weights.len() as u32);
            for y in 0..l {
                weights.push(if mask & (1 << y) != 0 {
                    w(r.varint()?)
                } else {
                    0.0
                });
            }
        }
        if r.pos != bytes.len() {
            return Err(r.error("trailing bytes"));
        }
        Ok(Model {
            id: super::next_id(),
            scheme,
            features,
            trans,
            index,
            weights,
        })
    }
}

struct Reader<'a> {
    bytes: &'a [u8],
    pos: usize,
    file: &'a str,
}

impl<'a> Reader<'a> {
    fn error(&self, message: &str) -> Error {
        Error::Data {
            file: self.file.to_string(),
            line: 0,
            message: format!("byte {}: {message}", self.pos),
        }
    }

    fn take(&mut self, n: usize) -> Result<&'a [u8]> {
        let end = self
            .pos
            .checked_add(n)
            .filter(|&e| e <= self.bytes.len())
            .ok_or_else(|| self.error("file ends early"))?;
        let s = &self.bytes[self.pos..end];
        self.pos = end;
        Ok(s)
    }

    fn array<const N: usize>(&mut self) -> Result<[u8; N]> {
        let mut a = [0u8; N];
        a.copy_from_slice(self.take(N)?);
        Ok(a)
    }

    fn u16(&mut self) -> Result<u16> {
        Ok(u16::from_le_bytes(self.array()?))
    }

    fn u32(&mut self) -> Result<u32> {
        Ok(u32::from_le_bytes(self.array()?))
    }

    fn string(&mut self, n: usize) -> Result<String> {
        let b = self.take(n)?;
        String::from_utf8(b.to_vec()).map_err(|_| self.error("name is not UTF-8"))
    }

    fn varint(&mut self) -> Result<u64> {
        let mut v = 0u64;
        for shift in (0..64).step_by(7) {
            let b = self.take(1)?[0];
            v |= u64::from(b & 0x7f) << shift;
            if b & 0x80 == 0 {
                return Ok(v);
            }
        }
        Err(self.error("varint too long"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn zigzag_round_trips() {
        for v in [0i64, 1, -1, 63, -64, 1 << 40, -(1 << 40)] {
            assert_eq!(unzigzag(zigzag(v)), v);
        }
    }

    #[test]
    fn broken_files_are_errors_not_panics() {
        assert!(Model::from_bytes(b"", "x.bin").is_err());
        assert!(Model::from_bytes(b"DKTAGGER\x02\0\0\0", "x.bin").is_err());
        let e = Model::from_bytes(b"nonsense file", "x.bin").unwrap_err();
        assert!(e.to_string().starts_with("x.bin:0: byte 8:"), "{e}");
    }
}
