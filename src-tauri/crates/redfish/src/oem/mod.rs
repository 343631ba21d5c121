//! One module per vendor. Each recognises its BMCs and holds the little code the
//! standard does not cover; the rest of the client never names a vendor.

pub mod dell;
pub mod hpe;
pub mod lenovo;
pub mod openbmc;
pub mod supermicro;

use crate::resources::ServiceRoot;

fn oem_key(root: &ServiceRoot, key: &str) -> bool {
    root.oem
        .as_ref()
        .and_then(|oem| oem.as_object())
        .is_some_and(|oem| oem.keys().any(|k| k.eq_ignore_ascii_case(key)))
}

fn vendor_is(root: &ServiceRoot, names: &[&str]) -> bool {
    root.vendor
        .as_deref()
        .is_some_and(|v| names.iter().any(|n| v.eq_ignore_ascii_case(n)))
}
