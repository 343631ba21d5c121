use crate::resources::ServiceRoot;

pub fn recognises(root: &ServiceRoot) -> bool {
    super::vendor_is(root, &["Lenovo"]) || super::oem_key(root, "Lenovo")
}
