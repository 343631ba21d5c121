use crate::resources::ServiceRoot;

pub fn recognises(root: &ServiceRoot) -> bool {
    super::vendor_is(root, &["Dell", "Dell Inc."]) || super::oem_key(root, "Dell")
}
