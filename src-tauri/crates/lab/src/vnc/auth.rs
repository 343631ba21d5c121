//! VNC authentication (security type 2): DES of a random challenge.

use des::cipher::{generic_array::GenericArray, BlockEncrypt, KeyInit};
use des::Des;
use std::hash::{BuildHasher, Hasher};

/// A fresh 16-byte challenge. The lab has no `rand` dependency; std's
/// randomly keyed SipHash mixed with the time is unpredictable enough for a
/// simulated console on loopback.
pub(crate) fn challenge() -> [u8; 16] {
    let state = std::collections::hash_map::RandomState::new();
    let mut out = [0u8; 16];
    for (i, chunk) in out.chunks_mut(8).enumerate() {
        let mut h = state.build_hasher();
        h.write_usize(i);
        if let Ok(t) = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH) {
            h.write_u128(t.as_nanos());
        }
        chunk.copy_from_slice(&h.finish().to_be_bytes());
    }
    out
}

/// The response a client knowing `password` sends for `challenge`.
/// Real VNC uses the password's first 8 bytes, NUL-padded, with each byte's
/// bits reversed (a historical quirk of the original DES code), as the key.
pub(crate) fn expected_response(password: &str, challenge: &[u8; 16]) -> [u8; 16] {
    let mut key = [0u8; 8];
    for (k, b) in key.iter_mut().zip(password.bytes()) {
        *k = b.reverse_bits();
    }
    let cipher = Des::new(GenericArray::from_slice(&key));
    let mut out = *challenge;
    for block in out.chunks_mut(8) {
        cipher.encrypt_block(GenericArray::from_mut_slice(block));
    }
    out
}

/// Compares without an early exit so timing reveals nothing about the password.
pub(crate) fn responses_match(a: &[u8; 16], b: &[u8; 16]) -> bool {
    a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}
