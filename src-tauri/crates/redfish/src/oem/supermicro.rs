use crate::resources::ServiceRoot;

pub fn recognises(root: &ServiceRoot) -> bool {
    super::vendor_is(root, &["Supermicro"]) || super::oem_key(root, "Supermicro")
}
