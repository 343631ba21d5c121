use crate::resources::ServiceRoot;

pub fn recognises(root: &ServiceRoot) -> bool {
    super::vendor_is(root, &["OpenBMC"]) || super::oem_key(root, "OpenBMC")
}
