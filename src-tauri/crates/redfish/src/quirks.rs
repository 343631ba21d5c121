//! Who made the BMC, decided once from the service root. Vendor-specific code
//! lives in `oem/`, one module per vendor, and only where the standard falls short.

use serde::{Deserialize, Serialize};

use crate::oem;
use crate::resources::ServiceRoot;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Vendor {
    Dell,
    Hpe,
    Lenovo,
    Supermicro,
    OpenBmc,
    /// The Racksmith lab, which keeps to the standard.
    RacksmithLab,
    Other,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Quirks {
    pub vendor: Vendor,
    /// `$expand=.($levels=1)` is sent only when the root says it works.
    pub expand: bool,
}

impl Quirks {
    pub fn classify(root: &ServiceRoot) -> Quirks {
        let vendor = if oem::dell::recognises(root) {
            Vendor::Dell
        } else if oem::hpe::recognises(root) {
            Vendor::Hpe
        } else if oem::lenovo::recognises(root) {
            Vendor::Lenovo
        } else if oem::supermicro::recognises(root) {
            Vendor::Supermicro
        } else if oem::openbmc::recognises(root) {
            Vendor::OpenBmc
        } else if root.vendor.as_deref() == Some("Racksmith Lab") {
            Vendor::RacksmithLab
        } else {
            Vendor::Other
        };
        Quirks {
            vendor,
            expand: root.supports_expand(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn root(json: serde_json::Value) -> ServiceRoot {
        serde_json::from_value(json).expect("root")
    }

    #[test]
    fn vendors_are_told_apart_by_their_root() {
        let cases = [
            (
                serde_json::json!({"Vendor": "Dell", "Oem": {"Dell": {}}}),
                Vendor::Dell,
            ),
            (serde_json::json!({"Oem": {"Hpe": {}}}), Vendor::Hpe),
            (serde_json::json!({"Vendor": "Lenovo"}), Vendor::Lenovo),
            (
                serde_json::json!({"Oem": {"Supermicro": {}}}),
                Vendor::Supermicro,
            ),
            (serde_json::json!({"Vendor": "OpenBMC"}), Vendor::OpenBmc),
            (
                serde_json::json!({"Vendor": "Racksmith Lab"}),
                Vendor::RacksmithLab,
            ),
            (serde_json::json!({"Name": "Root Service"}), Vendor::Other),
        ];
        for (json, vendor) in cases {
            assert_eq!(
                Quirks::classify(&root(json.clone())).vendor,
                vendor,
                "{json}"
            );
        }
    }

    #[test]
    fn expand_is_used_only_when_advertised() {
        let plain = root(serde_json::json!({}));
        assert!(!Quirks::classify(&plain).expand);
        let advertised = root(serde_json::json!({
            "ProtocolFeaturesSupported": {"ExpandQuery": {"Levels": true, "NoLinks": true, "MaxLevels": 3}}
        }));
        assert!(Quirks::classify(&advertised).expand);
    }
}
