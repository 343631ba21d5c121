use crate::resources::ServiceRoot;

pub fn recognises(root: &ServiceRoot) -> bool {
    super::vendor_is(root, &["HPE", "HP", "Hewlett Packard Enterprise"])
        || super::oem_key(root, "Hpe")
        || super::oem_key(root, "Hp")
}
