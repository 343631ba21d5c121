//! The service root, the OData service document and `$metadata`.

use axum::http::{header, HeaderValue};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use serde_json::json;

use super::{link, resource, Shared};
use crate::model::VENDOR;

/// Every schema the lab answers with, at the version it uses. `@odata.type`
/// values and `$metadata` both come from here, so they cannot disagree.
pub const SCHEMAS: &[(&str, &str)] = &[
    ("ServiceRoot", "v1_20_0"),
    ("SessionService", "v1_2_0"),
    ("Session", "v1_8_0"),
    ("SessionCollection", ""),
    ("AccountService", "v1_18_1"),
    ("ManagerAccount", "v1_14_1"),
    ("ManagerAccountCollection", ""),
    ("Role", "v1_3_3"),
    ("RoleCollection", ""),
    ("ComputerSystem", "v1_27_0"),
    ("ComputerSystemCollection", ""),
    ("ActionInfo", "v1_5_0"),
    ("Processor", "v1_22_0"),
    ("ProcessorCollection", ""),
    ("Memory", "v1_23_0"),
    ("MemoryCollection", ""),
    ("EthernetInterface", "v1_12_4"),
    ("EthernetInterfaceCollection", ""),
    ("Chassis", "v1_28_0"),
    ("ChassisCollection", ""),
    ("Thermal", "v1_7_3"),
    ("Power", "v1_7_3"),
    ("ThermalSubsystem", "v1_5_0"),
    ("PowerSubsystem", "v1_1_3"),
    ("Fan", "v1_6_0"),
    ("FanCollection", ""),
    ("PowerSupply", "v1_6_0"),
    ("PowerSupplyCollection", ""),
    ("Manager", "v1_24_0"),
    ("ManagerCollection", ""),
    ("ManagerNetworkProtocol", "v1_12_0"),
    ("VirtualMedia", "v1_6_5"),
    ("VirtualMediaCollection", ""),
    ("LogService", "v1_9_0"),
    ("LogServiceCollection", ""),
    ("LogEntry", "v1_21_0"),
    ("LogEntryCollection", ""),
    ("Message", "v1_2_0"),
    ("TaskService", "v1_3_0"),
    ("Task", "v1_7_4"),
    ("TaskCollection", ""),
    ("Storage", "v1_21_0"),
    ("StorageCollection", ""),
    ("Drive", "v1_22_0"),
    ("Volume", "v1_10_2"),
    ("VolumeCollection", ""),
    ("UpdateService", "v1_17_0"),
    ("SoftwareInventory", "v1_13_0"),
    ("SoftwareInventoryCollection", ""),
    ("Bios", "v1_2_3"),
    ("AttributeRegistry", "v1_4_0"),
    ("MessageRegistryFile", "v1_1_5"),
    ("MessageRegistryFileCollection", ""),
    ("EventService", "v1_12_0"),
    ("EventDestinationCollection", ""),
];

/// `#Schema.vX_Y_Z.Schema` for a schema listed in [`SCHEMAS`].
pub fn odata_type(schema: &str) -> String {
    let version = SCHEMAS
        .iter()
        .find(|(name, _)| *name == schema)
        .map(|(_, v)| *v)
        .unwrap_or_default();
    if version.is_empty() {
        format!("#{schema}.{schema}")
    } else {
        format!("#{schema}.{version}.{schema}")
    }
}

pub fn routes() -> Router<Shared> {
    Router::new()
        .route(
            "/redfish",
            get(|| async { axum::Json(json!({ "v1": "/redfish/v1/" })) }),
        )
        .route("/redfish/v1", get(service_root))
        .route("/redfish/v1/", get(service_root))
        .route("/redfish/v1/odata", get(odata))
        .route("/redfish/v1/$metadata", get(metadata))
}

async fn service_root(axum::extract::State(server): axum::extract::State<Shared>) -> Response {
    resource(json!({
        "@odata.id": "/redfish/v1",
        "@odata.type": odata_type("ServiceRoot"),
        "Id": "RootService",
        "Name": "Racksmith Lab Redfish Service",
        "RedfishVersion": "1.20.0",
        "UUID": server.hardware.uuid,
        "Vendor": VENDOR,
        "Product": format!("{} BMC", server.hardware.model),
        "ProtocolFeaturesSupported": {
            "ExpandQuery": { "ExpandAll": false, "Levels": false, "Links": false, "NoLinks": false },
            "SelectQuery": false,
            "FilterQuery": false,
            "OnlyMemberQuery": false,
            "ExcerptQuery": false,
        },
        "Systems": link("/redfish/v1/Systems"),
        "Chassis": link("/redfish/v1/Chassis"),
        "Managers": link("/redfish/v1/Managers"),
        "SessionService": link("/redfish/v1/SessionService"),
        "AccountService": link("/redfish/v1/AccountService"),
        "Tasks": link("/redfish/v1/TaskService"),
        "UpdateService": link("/redfish/v1/UpdateService"),
        "Registries": link("/redfish/v1/Registries"),
        "EventService": link("/redfish/v1/EventService"),
        "Links": { "Sessions": link("/redfish/v1/SessionService/Sessions") },
    }))
}

async fn odata() -> Response {
    let top = [
        ("Systems", "/redfish/v1/Systems"),
        ("Chassis", "/redfish/v1/Chassis"),
        ("Managers", "/redfish/v1/Managers"),
        ("SessionService", "/redfish/v1/SessionService"),
        ("AccountService", "/redfish/v1/AccountService"),
    ];
    resource(json!({
        "@odata.context": "/redfish/v1/$metadata",
        "value": top.iter().map(|(name, url)| json!({"name": name, "kind": "Singleton", "url": url})).collect::<Vec<_>>(),
    }))
}

async fn metadata() -> Response {
    let mut xml = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<edmx:Edmx xmlns:edmx=\"http://docs.oasis-open.org/odata/ns/edmx\" Version=\"4.0\">\n",
    );
    for (schema, version) in SCHEMAS {
        let file = schema.trim_end_matches("Collection");
        let file = if schema.ends_with("Collection") {
            *schema
        } else {
            file
        };
        xml.push_str(&format!(
            "  <edmx:Reference Uri=\"http://redfish.dmtf.org/schemas/v1/{file}_v1.xml\">\n    <edmx:Include Namespace=\"{schema}\"/>\n"
        ));
        if !version.is_empty() {
            xml.push_str(&format!(
                "    <edmx:Include Namespace=\"{schema}.{version}\"/>\n"
            ));
        }
        xml.push_str("  </edmx:Reference>\n");
    }
    xml.push_str(
        "  <edmx:Reference Uri=\"http://redfish.dmtf.org/schemas/v1/RedfishExtensions_v1.xml\">\n    <edmx:Include Namespace=\"RedfishExtensions.v1_0_0\" Alias=\"Redfish\"/>\n  </edmx:Reference>\n",
    );
    xml.push_str(
        "  <edmx:DataServices>\n    <Schema xmlns=\"http://docs.oasis-open.org/odata/ns/edm\" Namespace=\"Service\">\n      <EntityContainer Name=\"Service\" Extends=\"ServiceRoot.v1_20_0.ServiceContainer\"/>\n    </Schema>\n  </edmx:DataServices>\n</edmx:Edmx>\n",
    );
    let mut response = xml.into_response();
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/xml"),
    );
    response
}
